import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { Milestone, Plan } from '../plans/plan.entity.js';
import { ProjectRef } from '../reference/reference.entity.js';
import type { ImpactReportDto, ImpactView, ImpactYearView } from './impact.dto.js';
import { ImpactReport } from './impact.entity.js';

const notFound = (projectId: string): DomainError => new DomainError('PROJECT_NOT_FOUND', `no project ${projectId}`, 404);

const yearView = (r: ImpactReport): ImpactYearView => ({
  year: r.year, revenueCents: Number(r.revenueCents), jobsCreated: r.jobsCreated, patentsFiled: r.patentsFiled,
  exportsShareBps: r.exportsShareBps, comment: r.comment, updatedAt: r.updatedAt.toISOString(), updatedBy: r.updatedBy,
});

/**
 * Post-launch impact, one report per calendar year: the coordinator reports (and may correct) the current and the
 * previous year once the market launch is validated; the consortium, the funders of the project's plans and the
 * admins read every year with the totals. Years are calendar years in UTC.
 */
@Injectable()
export class ImpactService {
  constructor(private readonly orm: MikroORM) {}

  async get(projectId: string, principal: Principal): Promise<ImpactView> {
    const em = this.orm.em.fork();
    await this.visibleProject(em, projectId, principal);
    const rows = await em.find(ImpactReport, { projectId }, { orderBy: { year: 'asc' } });
    const years = rows.map(yearView);
    return {
      projectId, launchYear: await this.launchYear(em, projectId), years,
      totals: {
        revenueCents: years.reduce((s, y) => s + y.revenueCents, 0),
        jobsCreated: years.reduce((s, y) => s + y.jobsCreated, 0),
        patentsFiled: years.reduce((s, y) => s + y.patentsFiled, 0),
      },
    };
  }

  async report(projectId: string, year: number, dto: ImpactReportDto, principal: Principal, now = new Date()): Promise<ImpactYearView> {
    return this.orm.em.fork().transactional(async (em) => {
      const project = await this.visibleProject(em, projectId, principal);
      if (!principal.organisationIds.includes(project.coordinatorOrganisationId)) throw new DomainError('NOT_COORDINATOR', 'only the coordinating organisation reports the impact', 403);
      const launchYear = await this.launchYear(em, projectId);
      if (launchYear === null) throw new DomainError('NOT_ON_THE_MARKET', 'the impact is reported once the market launch milestone is validated', 409);
      const current = now.getUTCFullYear();
      if (year > current) throw new DomainError('IMPACT_YEAR_IN_FUTURE', `${year} has not begun; report ${current} or ${current - 1}`, 422);
      if (year < launchYear) throw new DomainError('BEFORE_MARKET_LAUNCH', `the product was launched in ${launchYear}; ${year} has no impact to report`, 422);
      if (year < current - 1) throw new DomainError('IMPACT_YEAR_CLOSED', `${year} is closed; only ${current - 1} and ${current} are open`, 409);
      // One row per (project, year): a second report of the year corrects the first (the insert races safely).
      await em.upsert(ImpactReport, {
        id: uuidv7(), projectId, year, revenueCents: String(dto.revenueCents), jobsCreated: dto.jobsCreated, patentsFiled: dto.patentsFiled,
        exportsShareBps: dto.exportsShareBps ?? null, comment: dto.comment ?? null, createdAt: now, updatedAt: now, updatedBy: principal.userId,
      }, {
        onConflictFields: ['projectId', 'year'], onConflictAction: 'merge',
        onConflictMergeFields: ['revenueCents', 'jobsCreated', 'patentsFiled', 'exportsShareBps', 'comment', 'updatedAt', 'updatedBy'],
      });
      em.clear();
      return yearView(await em.findOneOrFail(ImpactReport, { projectId, year }));
    });
  }

  /** The project if the caller sees it (consortium, officers of a funder of one of its plans, admins); else 404. */
  private async visibleProject(em: EntityManager, projectId: string, principal: Principal): Promise<ProjectRef> {
    const project = await em.findOne(ProjectRef, projectId);
    if (!project) throw notFound(projectId);
    if (isAdmin(principal) || project.organisationIds.some((o) => principal.organisationIds.includes(o))) return project;
    if (principal.funderIds.length && await em.count(Plan, { projectId, funderId: { $in: principal.funderIds } })) return project;
    throw notFound(projectId);
  }

  /** The year of the earliest validated market launch of the project's plans (its reported launch date), or null. */
  private async launchYear(em: EntityManager, projectId: string): Promise<number | null> {
    const launched = await em.find(Milestone, { projectId, key: 'market_launch', status: 'validated' });
    const years = launched.map((m) => {
      const date = m.reports.at(-1)?.marketLaunch?.launchDate;
      return date ? Number(date.slice(0, 4)) : (m.releasedAt ?? m.updatedAt).getUTCFullYear();
    });
    return years.length ? Math.min(...years) : null;
  }
}
