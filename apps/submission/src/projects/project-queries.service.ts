import { Injectable } from '@nestjs/common';
import { MikroORM, type FilterQuery } from '@mikro-orm/postgresql';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, pageOf, type Page } from '@poleflow/http';
import { canSee, projectNotFound } from './project.access.js';
import { Partner, Project, ProjectFunder } from './project.entity.js';
import type { ProjectListQuery } from './project.dto.js';
import { fundersOf, organisationsById, outcomesOf, viewOf } from './project.store.js';
import { toProjectView, type ProjectView } from './project.view.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function cursorOf(raw: string | undefined): { createdAt: Date; id: string } | undefined {
  const c = decodeCursor(raw);
  if (!c) return undefined;
  const createdAt = new Date(c.key);
  if (Number.isNaN(createdAt.getTime()) || !UUID.test(c.id)) throw new DomainError('INVALID_CURSOR', 'the cursor is not one this API returned', 400);
  return { createdAt, id: c.id };
}

@Injectable()
export class ProjectQueryService {
  constructor(private readonly orm: MikroORM) {}

  async get(id: string, principal: Principal): Promise<ProjectView> {
    const em = this.orm.em.fork();
    const project = await em.findOne(Project, id);
    if (!project) throw projectNotFound(id);
    const partners = await em.find(Partner, { projectId: id });
    if (!canSee(principal, project, partners, await fundersOf(em, principal, id))) throw projectNotFound(id);
    return viewOf(em, project, partners);
  }

  /**
   * The projects the caller may see, newest first: their consortia's, the submitted ones targeting their poles,
   * those that applied to their funders' calls; admins see all.
   */
  async list(q: ProjectListQuery, principal: Principal): Promise<Page<ProjectView>> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const after = cursorOf(q.cursor);
    const where: FilterQuery<Project>[] = [];
    if (q.status) where.push({ status: q.status });
    if (!isAdmin(principal)) {
      const scope: FilterQuery<Project>[] = [];
      if (principal.organisationIds.length) {
        scope.push({ id: { $in: em.createQueryBuilder(Partner, 'x').select('x.projectId').where({ organisationId: { $in: principal.organisationIds } }) } });
      }
      const poleIds = [...new Set(principal.poles.map((x) => x.poleId))];
      if (poleIds.length) {
        scope.push({ id: { $in: em.createQueryBuilder(Project, 'q').select('q.id')
          .where(`q.submitted_at is not null and jsonb_exists_any(q.pole_ids, array[${poleIds.map(() => '?').join(', ')}]::text[])`, poleIds) } });
      }
      if (principal.funderIds.length) {
        scope.push({ id: { $in: em.createQueryBuilder(ProjectFunder, 'f').select('f.projectId').where({ funderId: { $in: principal.funderIds } }) } });
      }
      if (!scope.length) return { items: [], nextCursor: null };
      where.push({ $or: scope });
    }
    if (after) where.push({ $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] });
    const rows = await em.find(Project, where.length ? { $and: where } : {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    const partners = rows.length ? await em.find(Partner, { projectId: { $in: rows.map((r) => r.id) } }) : [];
    const orgs = await organisationsById(em, partners.map((p) => p.organisationId));
    const outcomes = await outcomesOf(em, rows.slice(0, limit));
    return pageOf(
      rows, limit,
      (r) => toProjectView(r, partners.filter((p) => p.projectId === r.id), orgs, outcomes.filter((o) => o.projectId === r.id)),
      (r) => [r.createdAt.toISOString(), r.id],
    );
  }
}
