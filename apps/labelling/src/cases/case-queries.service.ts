import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { isAdmin, type Principal } from '@poleflow/auth';
import { decodeTimeCursor, pageOf } from '@poleflow/http';
import { PoleRef } from '../reference/reference.entity.js';
import { Assignment } from '../reviews/assignment.entity.js';
import { settingsOf } from '../settings/pole-settings.js';
import { caseNotFound, managedPoleIds, managesPole, viewerOf } from './case.access.js';
import type { CaseListQuery } from './case.dto.js';
import { LabellingCase } from './case.entity.js';
import type { CasePage, CaseView, ReviewProgress } from './case.view.js';
import { caseSummary, caseView } from './case.views.js';

@Injectable()
export class CaseQueryService {
  constructor(private readonly orm: MikroORM) {}

  async get(id: string, principal: Principal): Promise<CaseView> {
    const em = this.orm.em.fork();
    const c = await em.findOne(LabellingCase, id);
    if (!c) throw caseNotFound(id);
    const assigned = (await em.count(Assignment, { caseId: id, reviewerUserId: principal.userId, status: { $ne: 'cancelled' } })) > 0;
    const viewer = viewerOf(principal, c, assigned);
    if (!viewer) throw caseNotFound(id);
    return caseView(em, c, viewer, principal);
  }

  /**
   * The cases the caller may see, newest first: their managed poles' cases, the cases they review, their
   * consortia's cases (admins: all). Filters narrow it down; a filter never widens the scope.
   */
  async list(q: CaseListQuery, principal: Principal): Promise<CasePage> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const and: FilterQuery<LabellingCase>[] = [];
    if (q.poleId) and.push({ poleId: q.poleId });
    if (q.projectId) and.push({ projectId: q.projectId });
    if (q.status) and.push({ status: q.status });
    if (!isAdmin(principal)) {
      const scope: FilterQuery<LabellingCase>[] = [];
      const managed = managedPoleIds(principal);
      if (managed.length) scope.push({ poleId: { $in: managed } });
      const reviewed = await em.find(Assignment, { reviewerUserId: principal.userId, status: { $ne: 'cancelled' } }, { fields: ['caseId'] });
      if (reviewed.length) scope.push({ id: { $in: [...new Set(reviewed.map((a) => a.caseId))] } });
      if (principal.organisationIds.length) scope.push({ organisationIds: { $overlap: principal.organisationIds } });
      if (!scope.length) return { items: [], nextCursor: null };
      and.push({ $or: scope });
    }
    const after = decodeTimeCursor(q.cursor);
    if (after) and.push({ $or: [{ openedAt: { $lt: after.at } }, { openedAt: after.at, id: { $lt: after.id } }] });
    const rows = await em.find(LabellingCase, and.length ? { $and: and } : {}, { orderBy: { openedAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const poles = new Map((await em.find(PoleRef, { id: { $in: [...new Set(rows.map((r) => r.poleId))] } })).map((p) => [p.id, p]));
    const unknown = { id: '', code: '?', name: '?' };
    const progress = await this.progressOf(em, rows.filter((r) => managesPole(principal, r.poleId)));
    return pageOf(rows, limit, (r) => {
      const summary = caseSummary(r, poles.get(r.poleId) ?? { ...unknown, id: r.poleId });
      const reviews = progress.get(r.id);
      return reviews ? { ...summary, reviews } : summary;
    }, (r) => [r.openedAt.toISOString(), r.id]);
  }

  /** For the pole's staff: where each case's current round stands (reviews in, open, next due date). */
  private async progressOf(em: EntityManager, rows: LabellingCase[]): Promise<Map<string, ReviewProgress>> {
    const out = new Map<string, ReviewProgress>();
    if (!rows.length) return out;
    const all = await em.find(Assignment, { caseId: { $in: rows.map((r) => r.id) }, status: { $in: ['assigned', 'submitted'] } });
    const quorum = new Map<string, number>();
    for (const poleId of new Set(rows.map((r) => r.poleId))) quorum.set(poleId, (await settingsOf(em, poleId)).quorum);
    const now = new Date();
    for (const r of rows) {
      const mine = all.filter((a) => a.caseId === r.id && a.round === r.round);
      const open = mine.filter((a) => a.status === 'assigned');
      const next = open.map((a) => a.dueAt).sort((a, b) => a.getTime() - b.getTime())[0];
      out.set(r.id, {
        submitted: mine.length - open.length, open: open.length, quorum: quorum.get(r.poleId)!, nextDueAt: next?.toISOString() ?? null,
        overdue: open.filter((a) => a.overdueAt !== null || a.dueAt < now).length,
      });
    }
    return out;
  }
}
