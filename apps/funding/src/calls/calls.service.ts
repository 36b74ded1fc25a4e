import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError, validateRules } from '@poleflow/domain';
import { assertIfMatch, decodeTimeCursor, pageOf, ValidationProblem } from '@poleflow/http';
import { FunderRef } from '../reference/reference.entity.js';
import type { CallListQuery, CallPage, CallView, CreateCallDto } from './call.dto.js';
import { Call, callStatus } from './call.entity.js';

export const callNotFound = (id: string): DomainError => new DomainError('CALL_NOT_FOUND', `no call ${id}`, 404);

export const isOfficerOf = (p: Principal, funderId: string): boolean => isAdmin(p) || p.funderIds.includes(funderId);

export function callView(c: Call, funder: Pick<FunderRef, 'name'> | null, now = new Date()): CallView {
  return {
    id: c.id, funderId: c.funderId, funderName: funder?.name ?? 'unknown funder', title: c.title, description: c.description,
    opensAt: c.opensAt.toISOString(), closesAt: c.closesAt.toISOString(), cutoffs: c.cutoffs, status: callStatus(c, now), aidForms: c.aidForms,
    rules: c.rules, version: c.version, publishedAt: c.publishedAt?.toISOString() ?? null, closedAt: c.closedAt?.toISOString() ?? null,
  };
}

/** Funders' calls: officers publish them for their funder; every signed-in user may browse them. */
@Injectable()
export class CallsService {
  constructor(private readonly orm: MikroORM) {}

  async create(dto: CreateCallDto, principal: Principal): Promise<CallView> {
    if (!isOfficerOf(principal, dto.funderId)) throw new DomainError('NOT_A_FUNDER_OFFICER', 'only an officer of the funder may publish its calls', 403);
    const errors = validateRules(dto.rules);
    const opensAt = new Date(dto.opensAt);
    const closesAt = new Date(dto.closesAt);
    if (closesAt <= opensAt) errors.push({ path: 'closesAt', message: 'must be after opensAt' });
    if (errors.length) throw new ValidationProblem(errors);
    return this.orm.em.fork().transactional(async (em) => {
      const funder = await em.findOne(FunderRef, dto.funderId);
      if (!funder) throw new DomainError('FUNDER_NOT_FOUND', `no funder ${dto.funderId}`, 404);
      const now = new Date();
      const c = em.create(Call, {
        id: uuidv7(), funderId: dto.funderId, title: dto.title.trim(), description: dto.description?.trim() ?? '', opensAt, closesAt,
        cutoffs: [...(dto.cutoffs ?? [])].sort(), aidForms: dto.aidForms, rules: dto.rules, createdBy: principal.userId, createdAt: now, updatedAt: now,
        publishedAt: dto.draft ? null : now, closedAt: null,
      });
      await em.flush();
      return callView(c, funder);
    });
  }

  /** A draft exists only for its funder's officers (404 for anyone else, as for an unknown id). */
  async get(id: string, principal?: Principal): Promise<CallView> {
    const em = this.orm.em.fork();
    const c = await em.findOne(Call, id);
    if (!c || (c.publishedAt === null && !(principal && isOfficerOf(principal, c.funderId)))) throw callNotFound(id);
    return callView(c, await em.findOne(FunderRef, c.funderId));
  }

  /** Publishes a draft (its dates then say whether it is upcoming or open). */
  publish(id: string, ifMatch: string | undefined, principal: Principal): Promise<CallView> {
    return this.change(id, ifMatch, principal, (c, now) => {
      if (c.publishedAt !== null) throw new DomainError('CALL_ALREADY_PUBLISHED', `the call « ${c.title} » is already published`, 409);
      if (c.closesAt <= now) throw new DomainError('CALL_CLOSED', `the call « ${c.title} » closes on ${c.closesAt.toISOString().slice(0, 10)}, already past`, 409, { closesAt: c.closesAt.toISOString() });
      c.publishedAt = now;
    });
  }

  /** Closes a published call now: applications are refused from then on; those made stay. */
  close(id: string, ifMatch: string | undefined, principal: Principal): Promise<CallView> {
    return this.change(id, ifMatch, principal, (c, now) => {
      if (c.publishedAt === null) throw new DomainError('CALL_NOT_PUBLISHED', `the call « ${c.title} » is a draft: publish it or leave it`, 409);
      if (c.closesAt <= now) throw new DomainError('CALL_CLOSED', `the call « ${c.title} » is already closed`, 409, { closesAt: c.closesAt.toISOString() });
      c.closedAt = now;
      c.closesAt = now;
      if (c.opensAt > now) c.opensAt = now;
    });
  }

  private change(id: string, ifMatch: string | undefined, principal: Principal, act: (c: Call, now: Date) => void): Promise<CallView> {
    return this.orm.em.fork().transactional(async (em) => {
      const c = await em.findOne(Call, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!c || (c.publishedAt === null && !isOfficerOf(principal, c.funderId))) throw callNotFound(id);
      if (!isOfficerOf(principal, c.funderId)) throw new DomainError('NOT_A_FUNDER_OFFICER', 'only an officer of the funder may publish or close its calls', 403);
      assertIfMatch(ifMatch, c.version);
      const now = new Date();
      act(c, now);
      c.updatedAt = now;
      await em.flush();
      return callView(c, await em.findOne(FunderRef, c.funderId), now);
    });
  }

  async list(q: CallListQuery, principal?: Principal): Promise<CallPage> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const now = new Date();
    const and: FilterQuery<Call>[] = [];
    if (q.funderId) and.push({ funderId: q.funderId });
    // Drafts: only with status=draft, and only those of the caller's funders (all of them for an admin).
    if (q.status === 'draft') {
      if (!principal) return { items: [], nextCursor: null };
      and.push({ publishedAt: null });
      if (!isAdmin(principal)) and.push({ funderId: { $in: principal.funderIds } });
    } else and.push({ publishedAt: { $ne: null } });
    if (q.status === 'open') and.push({ opensAt: { $lte: now }, closesAt: { $gte: now } });
    if (q.status === 'upcoming') and.push({ opensAt: { $gt: now } });
    if (q.status === 'closed') and.push({ closesAt: { $lt: now } });
    const after = decodeTimeCursor(q.cursor);
    if (after) and.push({ $or: [{ closesAt: { $gt: after.at } }, { closesAt: after.at, id: { $gt: after.id } }] });
    const rows = await em.find(Call, and.length ? { $and: and } : {}, { orderBy: { closesAt: 'asc', id: 'asc' }, limit: limit + 1 });
    const funders = await fundersById(em, rows.map((r) => r.funderId));
    return pageOf(rows, limit, (r) => callView(r, funders.get(r.funderId) ?? null, now), (r) => [r.closesAt.toISOString(), r.id]);
  }
}

export async function fundersById(em: EntityManager, ids: string[]): Promise<Map<string, FunderRef>> {
  const unique = [...new Set(ids)];
  return new Map((unique.length ? await em.find(FunderRef, { id: { $in: unique } }) : []).map((f) => [f.id, f]));
}
