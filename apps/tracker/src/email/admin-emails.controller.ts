import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { MikroORM, type FilterQuery } from '@mikro-orm/postgresql';
import { Roles } from '@poleflow/auth';
import { PageQuery, ProblemDoc, decodeTimeCursor, pageOf, type Page } from '@poleflow/http';
import { EmailMessage } from './email.entity.js';

export const EMAIL_STATUSES = ['pending', 'sent', 'failed', 'digest_pending', 'digested'] as const;

export class EmailQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EMAIL_STATUSES, default: 'failed' }) @IsOptional() @IsIn(EMAIL_STATUSES) status?: (typeof EMAIL_STATUSES)[number];
}

export class EmailView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['notification', 'security', 'digest'] }) kind!: string;
  @ApiProperty({ enum: EMAIL_STATUSES }) status!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class EmailPage {
  @ApiProperty({ type: EmailView, isArray: true }) items!: EmailView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

const view = (m: EmailMessage): EmailView => ({
  id: m.id, kind: m.kind, status: m.status, accountId: m.accountId, subject: m.subject, attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt.toISOString(),
});

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/emails')
export class AdminEmailsController {
  constructor(private readonly orm: MikroORM) {}

  @Get()
  @ApiOperation({ summary: 'Notification e-mails by status, newest first (default: the failed ones, whose attempts are exhausted) (admin)' })
  @ApiOkResponse({ type: EmailPage })
  @ApiForbiddenResponse({ type: ProblemDoc })
  async list(@Query() q: EmailQuery): Promise<Page<EmailView>> {
    const limit = q.limit ?? 20;
    const after = decodeTimeCursor(q.cursor);
    const and: FilterQuery<EmailMessage>[] = [{ status: q.status ?? 'failed' }];
    if (after) and.push({ $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, id: { $lt: after.id } }] });
    const rows = await this.orm.em.fork().find(EmailMessage, { $and: and }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return pageOf(rows, limit, view, (m) => [m.createdAt.toISOString(), m.id]);
  }
}
