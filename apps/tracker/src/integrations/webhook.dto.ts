import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MAX_WEBHOOK_URL_LENGTH } from '@poleflow/domain';
import { PageQuery } from '@poleflow/http';
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types.js';
import { DELIVERY_STATUSES, WEBHOOK_OWNER_KINDS, type DeliveryStatus, type WebhookOwnerKind } from './webhook.entity.js';

const EVENT_TYPES_DOC = { enum: [...WEBHOOK_EVENT_TYPES], isArray: true, description: 'Wire event types to receive (the project events the tracker follows)' };

export class CreateWebhookDto {
  @ApiPropertyOptional({ enum: WEBHOOK_OWNER_KINDS, description: 'Who the subscription belongs to; may be left out when the caller manages exactly one funder or pole' })
  @IsOptional() @IsIn(WEBHOOK_OWNER_KINDS) ownerKind?: WebhookOwnerKind;
  @ApiPropertyOptional({ format: 'uuid', description: 'The funder (its officers) or the pole (its managers)' })
  @IsOptional() @IsUUID() ownerId?: string;
  @ApiProperty({ maxLength: MAX_WEBHOOK_URL_LENGTH, example: 'https://erp.funder.example/poleflow/events', description: 'https, public addresses only (an administrator may allow-list other hosts)' })
  @IsString() @MaxLength(MAX_WEBHOOK_URL_LENGTH) url!: string;
  @ApiProperty(EVENT_TYPES_DOC)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @ArrayUnique() @IsIn([...WEBHOOK_EVENT_TYPES], { each: true }) eventTypes!: string[];
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ maxLength: MAX_WEBHOOK_URL_LENGTH, description: 'Checked like at creation' })
  @IsOptional() @IsString() @MaxLength(MAX_WEBHOOK_URL_LENGTH) url?: string;
  @ApiPropertyOptional(EVENT_TYPES_DOC)
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length) @ArrayUnique() @IsIn([...WEBHOOK_EVENT_TYPES], { each: true }) eventTypes?: string[];
  @ApiPropertyOptional({ description: 'false: no new deliveries, pending ones wait; true again: pending ones are sent' })
  @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) description?: string;
}

export class RotateSecretDto {
  @ApiPropertyOptional({ minimum: 0, maximum: 604_800, default: 86_400, description: 'How long the old secret keeps signing alongside the new one (0: revoked now)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(604_800) graceSeconds?: number;
}

export class WebhookListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_OWNER_KINDS }) @IsOptional() @IsIn(WEBHOOK_OWNER_KINDS) ownerKind?: WebhookOwnerKind;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ownerId?: string;
}

export class DeliveryListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
}

export class WebhookView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: WEBHOOK_OWNER_KINDS }) ownerKind!: WebhookOwnerKind;
  @ApiProperty({ format: 'uuid' }) ownerId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'Switched by the owner' }) active!: boolean;
  @ApiProperty({ enum: ['active', 'paused', 'inactive'], description: 'paused: deliveries kept failing; POST …/resume' }) state!: 'active' | 'paused' | 'inactive';
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) pausedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) pauseReason!: string | null;
  @ApiProperty({ description: 'Deliveries failed for good since the last success' }) consecutiveFailures!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastSuccessAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Until then the previous secret signs too' }) previousSecretExpiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class WebhookWithSecret extends WebhookView {
  @ApiProperty({ description: 'The signing secret (32 random bytes, base64url). Shown only in this answer: store it now.' }) secret!: string;
}

export class WebhookResumed extends WebhookView {
  @ApiProperty({ description: 'Deliveries restarted: the pending ones and those that failed since the last success' }) requeued!: number;
}

export class WebhookPage {
  @ApiProperty({ type: [WebhookView] }) items!: WebhookView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class DeliveryAttemptView {
  @ApiProperty() attempt!: number;
  @ApiProperty({ description: 'Incremented by each redelivery or resume' }) run!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'null when no HTTP answer came' }) statusCode!: number | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export class DeliveryView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status!: DeliveryStatus;
  @ApiProperty() attemptCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) failedAt!: string | null;
  @ApiProperty({ type: [DeliveryAttemptView], description: 'The log, oldest first' }) attempts!: DeliveryAttemptView[];
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView], description: 'Newest first' }) items!: DeliveryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
