import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '@poleflow/http';

export const AUDIT_ACTIONS = [
  'auth.login_failed', 'auth.login_throttled', 'auth.register_throttled', 'auth.refresh_token_reused', 'auth.logout_all', 'auth.password_changed',
  'account.disabled', 'account.enabled', 'affiliation.granted', 'affiliation.removed', 'admin.republished', 'admin.dead_letter_redriven',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
const OUTCOMES = ['success', 'failure', 'refused'] as const;

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional({ format: 'uuid', description: 'who acted' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ description: 'what was acted on (account, affiliation, dead letter id)' }) @IsOptional() @IsUUID() targetId?: string;
  @ApiPropertyOptional({ enum: OUTCOMES }) @IsOptional() @IsIn(OUTCOMES) outcome?: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({ format: 'date-time', description: 'from this instant (inclusive)' }) @IsOptional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'until this instant (exclusive)' }) @IsOptional() @IsISO8601() to?: string;
}

export class AuditTargetView {
  @ApiProperty() kind!: string;
  @ApiProperty() id!: string;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: AuditAction;
  @ApiProperty({ enum: OUTCOMES }) outcome!: (typeof OUTCOMES)[number];
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ type: AuditTargetView, nullable: true }) target!: AuditTargetView | null;
  @ApiProperty({ nullable: true, type: String, description: 'client address as the gateway saw it' }) ip!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'structured facts; never a password or a token' }) details!: Record<string, unknown>;
}

export class AuditPage {
  @ApiProperty({ type: AuditEntryView, isArray: true, description: 'newest first' }) items!: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
