import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '@poleflow/http';
import { FUNDER_KINDS, type FunderKind } from './funder.entity.js';

export class FunderQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FUNDER_KINDS }) @IsOptional() @IsIn(FUNDER_KINDS) kind?: FunderKind;
}

export class FunderView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'bpifrance' }) slug!: string;
  @ApiProperty({ example: 'Bpifrance' }) name!: string;
  @ApiProperty({ enum: FUNDER_KINDS }) kind!: FunderKind;
  @ApiProperty({ nullable: true, type: String, description: 'the region of a regional council' }) region!: string | null;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
}

export class FunderPage {
  @ApiProperty({ type: FunderView, isArray: true }) items!: FunderView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
