import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@poleflow/http';
import { AffiliationView } from '../affiliations/affiliation.dto.js';
import { AccountView } from './auth.dto.js';

export class AccountQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the e-mail or display name' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiPropertyOptional({ enum: ['active', 'disabled'] }) @IsOptional() @IsIn(['active', 'disabled']) status?: 'active' | 'disabled';
}

export class AccountPage {
  @ApiProperty({ type: AccountView, isArray: true, description: 'by e-mail' }) items!: AccountView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class AccountAffiliations {
  @ApiProperty({ type: AffiliationView, isArray: true, description: 'oldest first' }) items!: AffiliationView[];
}
