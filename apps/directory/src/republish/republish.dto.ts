import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';

/** The reference data directory can re-emit: what a consumer needs to rebuild its read models from nothing. */
export const REPUBLISHABLE = ['pole.published', 'funder.published', 'organisation.registered', 'affiliation.changed', 'account.profile_changed'] as const;
export type RepublishType = (typeof REPUBLISHABLE)[number];

export class RepublishDto {
  @ApiPropertyOptional({ enum: REPUBLISHABLE, isArray: true, default: REPUBLISHABLE, description: 'which events to re-emit (default: all of them)' })
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(REPUBLISHABLE.length) @ArrayUnique() @IsIn(REPUBLISHABLE, { each: true })
  types?: RepublishType[];
}

export class RepublishCounts {
  @ApiPropertyOptional({ description: 'one per pole' }) 'pole.published'?: number;
  @ApiPropertyOptional({ description: 'one per funder' }) 'funder.published'?: number;
  @ApiPropertyOptional({ description: 'one per organisation' }) 'organisation.registered'?: number;
  @ApiPropertyOptional({ description: "one per existing affiliation, change 'added'" }) 'affiliation.changed'?: number;
  @ApiPropertyOptional({ description: 'one per account (address and name, for the e-mails)' }) 'account.profile_changed'?: number;
}

export class RepublishView {
  @ApiProperty({ format: 'uuid', description: 'this run; its events travel on streams `republish:<runId>:<streamId>`' }) runId!: string;
  @ApiProperty({ type: RepublishCounts, description: 'events written to the outbox, per requested type' }) counts!: RepublishCounts;
}
