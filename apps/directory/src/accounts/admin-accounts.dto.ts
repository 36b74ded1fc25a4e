import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '@poleflow/http';
import { AffiliationView } from '../affiliations/affiliation.dto.js';
import { AccountView } from './auth.dto.js';

export class AccountQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the e-mail or display name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: ['active', 'disabled'] }) @IsOptional() @IsIn(['active', 'disabled']) status?: 'active' | 'disabled';
  @ApiPropertyOptional({ type: String, maxLength: 3800, description: 'these accounts only: ids separated by commas (at most 100), to show names for the ids of an audit trail or an e-mail outbox' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter(Boolean) : value))
  @IsOptional() @ArrayMaxSize(100) @IsUUID('all', { each: true }) ids?: string[];
}

export class AccountPage {
  @ApiProperty({ type: AccountView, isArray: true, description: 'by e-mail' }) items!: AccountView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AccountAffiliations {
  @ApiProperty({ type: AffiliationView, isArray: true, description: 'oldest first' }) items!: AffiliationView[];
}
