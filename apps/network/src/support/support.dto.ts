import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { SUPPORT_AREAS } from '@poleflow/contracts';
import { SUPPORT_MESSAGE_KINDS, SUPPORT_STATUSES } from './support.entity.js';

export class OpenSupportDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() poleId!: string;
  @ApiProperty({ format: 'uuid', description: 'a member organisation of the pole the caller belongs to' }) @IsUUID() organisationId!: string;
  @ApiProperty({ enum: SUPPORT_AREAS }) @IsIn(SUPPORT_AREAS) area!: string;
  @ApiPropertyOptional({ maxLength: 120, description: 'required for the area "other"' }) @IsOptional() @IsString() @Length(0, 120) areaDetail?: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) subject!: string;
  @ApiProperty({ maxLength: 8000 }) @IsString() @Length(1, 8000) body!: string;
}

export class SupportMessageDto {
  @ApiProperty({ enum: ['answer', 'more_info', 'reply'], description: 'staff: answer or more_info (asks the member for more); the member: reply' })
  @IsIn(['answer', 'more_info', 'reply']) kind!: 'answer' | 'more_info' | 'reply';
  @ApiProperty({ maxLength: 8000 }) @IsString() @Length(1, 8000) body!: string;
}

export class CloseSupportDto {
  @ApiProperty({ maxLength: 4000, description: 'what the pole did' }) @IsString() @Length(1, 4000) outcome!: string;
}

export class RescheduleSupportDto {
  @ApiProperty({ format: 'date' }) @MaxLength(10) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueOn must be a date YYYY-MM-DD' }) dueOn!: string;
}

export class SupportListQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'a pole the caller works for: its inbox' }) @IsOptional() @IsUUID() poleId?: string;
  @ApiPropertyOptional({ enum: SUPPORT_STATUSES }) @IsOptional() @IsIn(SUPPORT_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: SUPPORT_AREAS }) @IsOptional() @IsIn(SUPPORT_AREAS) area?: string;
}

export class SupportMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['member', 'staff'] }) side!: string;
  @ApiProperty({ enum: SUPPORT_MESSAGE_KINDS }) kind!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'whether the caller wrote it' }) mine!: boolean;
}

export class SupportAttachmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ enum: ['member', 'staff'] }) side!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}

export class SupportRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty() poleName!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: SUPPORT_AREAS }) area!: string;
  @ApiProperty({ nullable: true, type: String }) areaDetail!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: SUPPORT_STATUSES }) status!: string;
  @ApiProperty({ description: 'whether a staff member has taken it' }) taken!: boolean;
  @ApiProperty({ description: 'taken by the caller' }) takenByMe!: boolean;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ description: 'not closed and past its due date' }) overdue!: boolean;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty({ type: [SupportMessageView] }) messages!: SupportMessageView[];
  @ApiProperty({ type: [SupportAttachmentView] }) attachments!: SupportAttachmentView[];
  @ApiProperty({ description: 'also the ETag' }) version!: number;
}
