import { Inject, Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { assertIfMatch, principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import { NETWORK_CONFIG, type NetworkConfig } from '../config.js';
import { addDaysIso, todayIso } from '../memberships/fees.js';
import { belongsTo, isPoleStaff } from '../memberships/membership.access.js';
import { Membership } from '../memberships/membership.entity.js';
import { OrganisationRef, PoleRef } from '../reference/reference.entity.js';
import type { CloseSupportDto, OpenSupportDto, RescheduleSupportDto, SupportAttachmentView, SupportListQuery, SupportMessageDto, SupportRequestView } from './support.dto.js';
import { SupportAttachment, SupportRequest, type SupportArea } from './support.entity.js';

export interface UploadedFile { originalname: string; mimetype: string; size: number; buffer: Buffer }

const DAY = 86_400_000;
export const supportRef = (r: SupportRequest) => ({ supportRequestId: r.id, poleId: r.poleId, organisationId: r.organisationId, area: r.area });

/** What the tracker needs to notify with names: the pole's and the organisation's names, the subject, who took it. */
export async function supportNames(em: EntityManager, r: SupportRequest) {
  const [pole, org] = await Promise.all([em.findOne(PoleRef, r.poleId), em.findOne(OrganisationRef, r.organisationId)]);
  return { ...(pole ? { poleName: pole.name } : {}), ...(org ? { organisationName: org.name } : {}), subject: r.subject, assigneeId: r.assigneeId };
}
const event = (type: string, r: SupportRequest, payload: object): EventDraft => ({ type, streamId: r.id, payload } as EventDraft);

/** The organisation's members and the pole's staff see a request; anyone else gets a 404. */
const canSee = (p: Principal, r: Pick<SupportRequest, 'poleId' | 'organisationId'>): boolean => isPoleStaff(p, r.poleId) || belongsTo(p, r.organisationId);
const notFound = (id: string): DomainError => new DomainError('SUPPORT_REQUEST_NOT_FOUND', `no support request ${id}`, 404);
const notStaff = (): DomainError => new DomainError('NOT_POLE_STAFF', 'only the pole\'s staff may do this', 403);
const transition = (r: SupportRequest, what: string): DomainError => new DomainError('INVALID_SUPPORT_TRANSITION', `a request that is ${r.status} cannot ${what}`, 409);

/**
 * Member support: a member organisation asks its pole for help; the pole's staff take the request, answer, ask
 * for more, close it. Due dates arm a reminder and an overdue timer (support.timers.ts); files attach as milestone
 * evidence does. Every change commits with its event.
 */
@Injectable()
export class SupportService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter, @Inject(NETWORK_CONFIG) private readonly cfg: NetworkConfig) {}

  async open(dto: OpenSupportDto, ctx: RequestCtx): Promise<SupportRequestView> {
    const p = principalOf(ctx);
    if (!belongsTo(p, dto.organisationId)) throw new DomainError('NOT_ORGANISATION_MEMBER', 'only a member of the organisation asks on its behalf', 403);
    const areaDetail = dto.areaDetail?.trim() || null;
    if (dto.area === 'other' && !areaDetail) throw new DomainError('AREA_DETAIL_REQUIRED', 'name the area of an "other" request', 422);
    return this.orm.em.fork().transactional(async (em) => {
      const membership = await em.findOne(Membership, { poleId: dto.poleId, organisationId: dto.organisationId, status: 'active' });
      if (!membership) throw new DomainError('NOT_POLE_MEMBER', 'only a member of the pole asks it for support', 403);
      const now = new Date();
      const r = em.create(SupportRequest, {
        id: uuidv7(), poleId: dto.poleId, organisationId: dto.organisationId, membershipId: membership.id, area: dto.area as SupportArea,
        areaDetail: dto.area === 'other' ? areaDetail : null, subject: dto.subject.trim(), status: 'open', assigneeId: null,
        dueOn: addDaysIso(todayIso(now), this.cfg.SUPPORT_DUE_DAYS),
        messages: [{ id: uuidv7(), authorId: p.userId, side: 'member', kind: 'question', body: dto.body.trim(), at: now.toISOString() }],
        openedBy: p.userId, openedAt: now, takenAt: null, closedAt: null, outcome: null, remindedAt: null, overdueAt: null, updatedAt: now,
      });
      await em.flush();
      await this.outbox.append(em, [event('support_request.opened', r, { ...supportRef(r), ...(await supportNames(em, r)), dueOn: r.dueOn })], ctx);
      return this.view(em, r, p);
    });
  }

  async take(id: string, ctx: RequestCtx): Promise<SupportRequestView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, async (r) => {
      if (!isPoleStaff(p, r.poleId)) throw notStaff();
      if (r.status === 'closed') throw transition(r, 'be taken');
      r.assigneeId = p.userId;
      r.takenAt ??= new Date();
      if (r.status === 'open') r.status = 'in_progress';
      return [event('support_request.taken', r, { ...supportRef(r), assigneeId: p.userId })];
    });
  }

  async message(id: string, dto: SupportMessageDto, ctx: RequestCtx): Promise<SupportRequestView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, async (r) => {
      if (r.status === 'closed') throw transition(r, 'take a message');
      const staff = dto.kind !== 'reply';
      if (staff && !isPoleStaff(p, r.poleId)) throw notStaff();
      if (!staff && !belongsTo(p, r.organisationId)) throw new DomainError('NOT_ORGANISATION_MEMBER', 'the member replies', 403);
      const now = new Date();
      const messageId = uuidv7();
      r.messages = [...r.messages, { id: messageId, authorId: p.userId, side: staff ? 'staff' : 'member', kind: dto.kind, body: dto.body.trim(), at: now.toISOString() }];
      if (staff) {
        // Answering takes the request if nobody has.
        r.assigneeId ??= p.userId;
        r.takenAt ??= now;
        r.status = dto.kind === 'more_info' ? 'awaiting_member' : 'in_progress';
      } else if (r.status === 'awaiting_member') r.status = 'in_progress';
      const type = dto.kind === 'answer' ? 'support_request.answered' : dto.kind === 'more_info' ? 'support_request.more_info_requested' : 'support_request.replied';
      return [event(type, r, { ...supportRef(r), messageId })];
    });
  }

  async close(id: string, dto: CloseSupportDto, ctx: RequestCtx): Promise<SupportRequestView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, async (r) => {
      if (!isPoleStaff(p, r.poleId)) throw notStaff();
      if (r.status === 'closed') throw transition(r, 'be closed');
      const now = new Date();
      r.status = 'closed';
      r.closedAt = now;
      r.outcome = dto.outcome.trim();
      const daysToClose = Math.round(((now.getTime() - r.openedAt.getTime()) / DAY) * 10) / 10;
      return [event('support_request.closed', r, { ...supportRef(r), daysToClose })];
    });
  }

  async reschedule(id: string, ifMatch: string | undefined, dto: RescheduleSupportDto, ctx: RequestCtx): Promise<SupportRequestView> {
    const p = principalOf(ctx);
    return this.act(id, p, ctx, async (r) => {
      if (!isPoleStaff(p, r.poleId)) throw notStaff();
      if (ifMatch !== undefined) assertIfMatch(ifMatch, r.version);
      if (r.status === 'closed') throw transition(r, 'be rescheduled');
      if (dto.dueOn < todayIso() || Number.isNaN(Date.parse(dto.dueOn))) throw new DomainError('INVALID_DUE_DATE', 'the due date is today or later', 422);
      r.dueOn = dto.dueOn;
      r.remindedAt = null;
      r.overdueAt = null;
      return [event('support_request.rescheduled', r, { ...supportRef(r), dueOn: r.dueOn })];
    });
  }

  async get(id: string, p: Principal): Promise<SupportRequestView> {
    const em = this.orm.em.fork();
    const r = await em.findOne(SupportRequest, id);
    if (!r || !canSee(p, r)) throw notFound(id);
    return this.view(em, r, p);
  }

  async list(q: SupportListQuery, p: Principal): Promise<SupportRequestView[]> {
    const em = this.orm.em.fork();
    const where: Record<string, unknown> = {};
    if (q.poleId) {
      where.poleId = q.poleId;
      if (!isPoleStaff(p, q.poleId)) where.organisationId = { $in: p.organisationIds };
    } else where.organisationId = { $in: p.organisationIds };
    if (q.status) where.status = q.status;
    if (q.area) where.area = q.area;
    const rows = await em.find(SupportRequest, where, { orderBy: { openedAt: 'desc', id: 'desc' }, limit: 500 });
    return this.views(em, rows, p);
  }

  async attach(id: string, file: UploadedFile, p: Principal): Promise<SupportAttachmentView> {
    return this.orm.em.fork().transactional(async (em) => {
      const r = await em.findOne(SupportRequest, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!r || !canSee(p, r)) throw notFound(id);
      if (r.status === 'closed') throw transition(r, 'take a file');
      // A new file changes the request: a new version, so its ETag (and a browser's cached copy) moves on.
      r.updatedAt = new Date();
      const a = em.create(SupportAttachment, {
        id: uuidv7(), requestId: r.id, poleId: r.poleId, organisationId: r.organisationId,
        filename: [...file.originalname].map((c) => (c < ' ' || '\\/"'.includes(c) ? '_' : c)).join('').slice(0, 200).toWellFormed(),
        contentType: file.mimetype, sizeBytes: file.size, sha256: createHash('sha256').update(file.buffer).digest('hex'), content: file.buffer,
        uploadedBy: p.userId, uploadedAt: new Date(),
      });
      return attachmentView(a, belongsTo(p, r.organisationId) && !isPoleStaff(p, r.poleId) ? 'member' : 'staff');
    });
  }

  async download(id: string, attachmentId: string, p: Principal): Promise<{ meta: SupportAttachmentView; content: Buffer }> {
    const a = await this.orm.em.fork().findOne(SupportAttachment, { id: attachmentId, requestId: id }, { populate: ['content'] });
    if (!a || !canSee(p, a)) throw new DomainError('ATTACHMENT_NOT_FOUND', `no attachment ${attachmentId}`, 404);
    return { meta: attachmentView(a, 'member'), content: a.content };
  }

  private async act(id: string, p: Principal, ctx: RequestCtx, apply: (r: SupportRequest) => Promise<EventDraft[]>): Promise<SupportRequestView> {
    return this.orm.em.fork().transactional(async (em) => {
      const r = await em.findOne(SupportRequest, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!r || !canSee(p, r)) throw notFound(id);
      const drafts = await apply(r);
      r.updatedAt = new Date();
      await em.flush();
      const names = await supportNames(em, r);
      await this.outbox.append(em, drafts.map((d) => ({ ...d, payload: { ...names, ...(d.payload as object) } } as EventDraft)), ctx);
      return this.view(em, r, p);
    });
  }

  private async view(em: EntityManager, r: SupportRequest, p: Principal): Promise<SupportRequestView> {
    return (await this.views(em, [r], p))[0];
  }

  private async views(em: EntityManager, rows: SupportRequest[], p: Principal): Promise<SupportRequestView[]> {
    const orgs = new Map((await em.find(OrganisationRef, { id: { $in: [...new Set(rows.map((r) => r.organisationId))] } })).map((o) => [o.id, o.name]));
    const poles = new Map((await em.find(PoleRef, { id: { $in: [...new Set(rows.map((r) => r.poleId))] } })).map((o) => [o.id, o.name]));
    const files = await em.find(SupportAttachment, { requestId: { $in: rows.map((r) => r.id) } }, { orderBy: { uploadedAt: 'asc', id: 'asc' } });
    const today = todayIso();
    return rows.map((r) => {
      const memberIds = new Set(r.messages.filter((m) => m.side === 'member').map((m) => m.authorId));
      return {
        id: r.id, poleId: r.poleId, poleName: poles.get(r.poleId) ?? '—', organisationId: r.organisationId, organisationName: orgs.get(r.organisationId) ?? '—',
        area: r.area, areaDetail: r.areaDetail, subject: r.subject, status: r.status, taken: r.assigneeId !== null, takenByMe: r.assigneeId === p.userId,
        dueOn: r.dueOn, overdue: r.status !== 'closed' && r.dueOn < today, openedAt: r.openedAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null,
        outcome: r.outcome, version: r.version,
        messages: r.messages.map((m) => ({ id: m.id, side: m.side, kind: m.kind, body: m.body, at: m.at, mine: m.authorId === p.userId })),
        attachments: files.filter((a) => a.requestId === r.id).map((a) => attachmentView(a, memberIds.has(a.uploadedBy) || a.uploadedBy === r.openedBy ? 'member' : 'staff')),
      };
    });
  }
}

const attachmentView = (a: SupportAttachment, side: 'member' | 'staff'): SupportAttachmentView => ({
  id: a.id, filename: a.filename, contentType: a.contentType, sizeBytes: a.sizeBytes, sha256: a.sha256, side, uploadedAt: a.uploadedAt.toISOString(),
});
