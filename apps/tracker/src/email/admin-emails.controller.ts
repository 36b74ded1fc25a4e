import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { MikroORM, type FilterQuery } from '@mikro-orm/postgresql';
import { Roles } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { PageQuery, ProblemDoc, decodeTimeCursor, pageOf, type Page } from '@poleflow/http';
import { EmailMessage } from './email.entity.js';
import { EmailQueue } from './email.queue.js';

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
  @ApiProperty({ description: 'times an admin resent it after a final failure' }) resends!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class EmailPage {
  @ApiProperty({ type: EmailView, isArray: true }) items!: EmailView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

const view = (m: EmailMessage): EmailView => ({
  id: m.id, kind: m.kind, status: m.status, accountId: m.accountId, subject: m.subject, attempts: m.attempts, resends: m.resends, lastError: m.lastError, createdAt: m.createdAt.toISOString(),
});

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/emails')
export class AdminEmailsController {
  constructor(private readonly orm: MikroORM, private readonly queue: EmailQueue) {}

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

  @Post(':id/resend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sends a failed e-mail again, with a fresh set of attempts (admin)' })
  @ApiOkResponse({ type: EmailView })
  @ApiForbiddenResponse({ type: ProblemDoc })
  @ApiNotFoundResponse({ type: ProblemDoc })
  @ApiConflictResponse({ type: ProblemDoc, description: 'EMAIL_NOT_FAILED: only a failed e-mail is resent' })
  async resend(@Param('id', new ParseUUIDPipe()) id: string): Promise<EmailView> {
    const m = await this.orm.em.fork().transactional(async (em) => {
      const row = await em.findOne(EmailMessage, id);
      if (!row) throw new DomainError('EMAIL_NOT_FOUND', `no e-mail ${id}`, 404);
      if (row.status !== 'failed') throw new DomainError('EMAIL_NOT_FAILED', `e-mail ${id} is ${row.status}, not failed`, 409);
      row.status = 'pending';
      row.resends += 1;
      row.attempts = 0;
      row.failedAt = null;
      return row;
    });
    // After commit; were this lost, the sweeper enqueues the pending row under the same job id.
    await this.queue.enqueue([{ id: m.id, resends: m.resends }]);
    return view(m);
  }
}
