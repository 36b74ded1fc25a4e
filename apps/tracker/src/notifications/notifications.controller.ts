import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { MikroORM, type FilterQuery } from '@mikro-orm/postgresql';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { PageQuery, decodeTimeCursor, pageOf, type Page } from '@poleflow/http';
import { Notification } from './notification.entity.js';

export class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['unread', 'all'], default: 'all' }) @IsOptional() @IsIn(['unread', 'all']) status?: 'unread' | 'all';
}

export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: ['user', 'organisation', 'pole', 'funder'] }) audience!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) projectId!: string | null;
  @ApiProperty() message!: string;
  @ApiProperty({ description: 'the API path of the thing to act on' }) link!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) readAt!: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: NotificationView, isArray: true }) items!: NotificationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The caller's audiences: themself, their organisations, the poles they manage, their funders. */
function audiencesOf(p: Principal): FilterQuery<Notification>[] {
  const out: FilterQuery<Notification>[] = [{ audienceKind: 'user', audienceId: p.userId }];
  if (p.organisationIds.length) out.push({ audienceKind: 'organisation', audienceId: { $in: p.organisationIds } });
  const managed = p.poles.filter((x) => x.role === 'pole_manager').map((x) => x.poleId);
  if (managed.length) out.push({ audienceKind: 'pole', audienceId: { $in: managed } });
  if (p.funderIds.length) out.push({ audienceKind: 'funder', audienceId: { $in: p.funderIds } });
  return out;
}

const view = (n: Notification): NotificationView => ({
  id: n.id, eventType: n.eventType, audience: n.audienceKind, projectId: n.projectId, message: n.message, link: n.link,
  createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null,
});

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(private readonly orm: MikroORM) {}

  @Get()
  @ApiOperation({ summary: 'What the caller has to act on next, newest first: reviews to write, cases to decide, revisions, milestones to report or validate, tranches released' })
  @ApiOkResponse({ type: NotificationPage })
  async list(@Query() q: NotificationQuery, @CurrentUser() user: Principal): Promise<Page<NotificationView>> {
    const limit = q.limit ?? 20;
    const after = decodeTimeCursor(q.cursor);
    const and: FilterQuery<Notification>[] = [{ $or: audiencesOf(user) }];
    if (q.status === 'unread') and.push({ readAt: null });
    if (after) and.push({ $or: [{ createdAt: { $lt: after.at } }, { createdAt: after.at, id: { $lt: after.id } }] });
    const rows = await this.orm.em.fork().find(Notification, { $and: and }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return pageOf(rows, limit, view, (n) => [n.createdAt.toISOString(), n.id]);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification read (for its whole audience)' })
  @ApiOkResponse({ type: NotificationView })
  async read(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<NotificationView> {
    return this.orm.em.fork().transactional(async (em) => {
      const n = await em.findOne(Notification, { $and: [{ id }, { $or: audiencesOf(user) }] });
      if (!n) throw new DomainError('NOTIFICATION_NOT_FOUND', `no notification ${id}`, 404);
      n.readAt ??= new Date();
      return view(n);
    });
  }
}
