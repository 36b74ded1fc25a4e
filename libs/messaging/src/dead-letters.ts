import { Controller, Get, Inject, Injectable, NotFoundException, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/postgresql';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '@poleflow/auth';
import { Ctx, PageQuery, decodeCursor, pageOf, type Page, type RequestCtx } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { inboxJobOptions } from './job-options.js';
import { OutboxWriter, type EmitContext } from './outbox.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './options.js';
import { QueueRegistry } from './queues.js';

export class DeadLetterView {
  @ApiProperty() id!: string;
  @ApiProperty() service!: string;
  @ApiProperty() queue!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() errorCode!: string;
  @ApiProperty() error!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() failedAt!: string;
  @ApiProperty() redriveCount!: number;
  @ApiPropertyOptional({ nullable: true, type: String }) redrivenAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) resolvedAt!: string | null;
  @ApiProperty({ enum: ['open', 'redriven', 'resolved'] }) status!: 'open' | 'redriven' | 'resolved';
  @ApiProperty({ type: Object }) envelope!: unknown;
}

export class DeadLetterQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'redriven', 'resolved', 'all'], default: 'open' })
  @IsOptional() @IsIn(['open', 'redriven', 'resolved', 'all']) status?: 'open' | 'redriven' | 'resolved' | 'all';
}

type Row = {
  id: string; consumer: string; queue: string; event_id: string; event_type: string; envelope: unknown; error_code: string; error: string;
  attempts: number; failed_at: Date; redrive_count: number; redriven_at: Date | null; resolved_at: Date | null;
};

const statusOf = (r: Row): DeadLetterView['status'] => (r.resolved_at ? 'resolved' : r.redriven_at ? 'redriven' : 'open');

/** The dead-letter store of one service: list and redrive (admin only). */
@Injectable()
export class DeadLetterService {
  private readonly table: string;
  constructor(
    private readonly orm: MikroORM,
    private readonly queues: QueueRegistry,
    private readonly outbox: OutboxWriter,
    @Inject(MESSAGING_OPTIONS) private readonly opts: MessagingOptions,
  ) {
    this.table = `${ident(opts.schema)}.dead_letters`;
  }

  private view = (r: Row): DeadLetterView => ({
    id: r.id, service: this.opts.service, queue: r.queue, eventId: r.event_id, eventType: r.event_type, errorCode: r.error_code, error: r.error,
    attempts: r.attempts, failedAt: new Date(r.failed_at).toISOString(), redriveCount: r.redrive_count,
    redrivenAt: r.redriven_at ? new Date(r.redriven_at).toISOString() : null, resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    status: statusOf(r), envelope: r.envelope,
  });

  async list(q: DeadLetterQuery): Promise<Page<DeadLetterView>> {
    const limit = q.limit ?? 20;
    const after = decodeCursor(q.cursor);
    const status = q.status ?? 'open';
    const where: string[] = [];
    const params: unknown[] = [];
    if (status === 'open') where.push('resolved_at is null and redriven_at is null');
    if (status === 'redriven') where.push('resolved_at is null and redriven_at is not null');
    if (status === 'resolved') where.push('resolved_at is not null');
    if (after) {
      where.push('(failed_at, id) < (?::timestamptz, ?::uuid)');
      params.push(after.key, after.id);
    }
    const rows = await this.orm.em.fork().execute<Row[]>(
      `select * from ${this.table} ${where.length ? `where ${where.join(' and ')}` : ''} order by failed_at desc, id desc limit ?`,
      [...params, limit + 1],
    );
    return pageOf(rows, limit, this.view, (r) => [new Date(r.failed_at).toISOString(), r.id]);
  }

  async openCount(): Promise<number> {
    const [r] = await this.orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from ${this.table} where resolved_at is null`);
    return Number(r.n);
  }

  /**
   * Puts the event back on this service's inbox queue. The inbox makes a redrive of an applied event a no-op.
   * With the admin's context, `admin.dead_letter_redriven` is written in the same transaction (directory audits it).
   */
  async redrive(id: string, ctx?: EmitContext): Promise<DeadLetterView> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const [row] = await tx.execute<Row[]>(`select * from ${this.table} where id = ? for update`, [id]);
      if (!row) throw new NotFoundException({ code: 'DEAD_LETTER_NOT_FOUND', message: `no dead letter ${id} in ${this.opts.service}` });
      const n = row.redrive_count + 1;
      const type = String((row.envelope as { type?: unknown } | null)?.type ?? row.event_type);
      // Row first, job second, both before commit: a worker that finishes the job before this commits waits on
      // the row lock to mark the letter resolved, and so sees this update rather than the previous resolution.
      const [updated] = await tx.execute<Row[]>(
        `update ${this.table} set redrive_count = ?, redriven_at = now(), resolved_at = null where id = ? returning *`,
        [n, id],
      );
      if (ctx) {
        await this.outbox.append(tx, [{
          type: 'admin.dead_letter_redriven', streamId: `dead-letters:${this.opts.service}`,
          payload: { service: this.opts.service, deadLetterId: row.id, eventId: row.event_id, eventType: type, redriveCount: n },
        }], ctx);
      }
      await this.queues.get(row.queue).add(type, row.envelope, inboxJobOptions(this.opts, `${row.event_id}-redrive-${n}`));
      return this.view(updated);
    });
  }
}

@ApiTags('admin')
@Controller('api/v1/admin/dead-letters')
@Roles('admin')
export class DeadLetterController {
  constructor(private readonly deadLetters: DeadLetterService) {}

  @Get()
  @ApiOperation({ summary: 'List the dead letters of this service (admin)' })
  @ApiOkResponse({ type: DeadLetterView, isArray: true })
  list(@Query() q: DeadLetterQuery): Promise<Page<DeadLetterView>> {
    return this.deadLetters.list(q);
  }

  @Post(':id/redrive')
  @ApiOperation({ summary: 'Put a dead-lettered event back on its queue (admin)' })
  redrive(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx): Promise<DeadLetterView> {
    return this.deadLetters.redrive(id, { actor: ctx.actor, correlationId: ctx.correlationId });
  }
}
