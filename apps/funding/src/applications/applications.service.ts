import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { DomainError, checkGrant } from '@poleflow/domain';
import { assertIfMatch, decodeCursor, pageOf, principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import { Call, callStatus } from '../calls/call.entity.js';
import { callNotFound, fundersById, isOfficerOf } from '../calls/calls.service.js';
import { FunderRef, ProjectRef } from '../reference/reference.entity.js';
import type { ApplicationListQuery, ApplicationPage, ApplicationView, DecisionDto } from './application.dto.js';
import { Application } from './application.entity.js';
import { ruleOutcomes } from './assessment.js';
import { applicationRef } from './assessment.service.js';

const applicationNotFound = (id: string): DomainError => new DomainError('APPLICATION_NOT_FOUND', `no application ${id}`, 404);
const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The consortium (its partner organisations' members), the call's funder officers, admins. */
const canSee = (p: Principal, a: Pick<Application, 'funderId' | 'organisationIds'>): boolean =>
  isOfficerOf(p, a.funderId) || a.organisationIds.some((o) => p.organisationIds.includes(o));

/**
 * Applications of submitted projects to open calls. Applying writes the application and `funding.requested`
 * in one transaction; funding's own inbox then assesses it (asynchronously, like any consumer). The funder's
 * decision checks each partner's amount against the ceiling of the latest assessment.
 */
@Injectable()
export class ApplicationsService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async apply(callId: string, projectId: string, ctx: RequestCtx): Promise<ApplicationView> {
    const principal = principalOf(ctx);
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const project = await em.findOne(ProjectRef, projectId);
        // A project the caller's organisations are not part of does not exist for them.
        if (!project || !project.organisationIds.some((o) => principal.organisationIds.includes(o))) {
          throw new DomainError('PROJECT_NOT_FOUND', `no submitted project ${projectId}`, 404);
        }
        if (!principal.organisationIds.includes(project.coordinatorOrganisationId)) {
          throw new DomainError('NOT_COORDINATOR', 'only members of the coordinating organisation may apply', 403);
        }
        if (project.withdrawn) throw new DomainError('PROJECT_WITHDRAWN', 'the project was withdrawn', 409);
        const call = await em.findOne(Call, callId);
        if (!call || call.publishedAt === null) throw callNotFound(callId);
        const now = new Date();
        const status = callStatus(call, now);
        if (status === 'closed') throw new DomainError('CALL_CLOSED', `the call « ${call.title} » closed on ${day(call.closesAt)}`, 409, { closesAt: call.closesAt.toISOString() });
        if (status === 'upcoming') throw new DomainError('CALL_NOT_OPEN', `the call « ${call.title} » opens on ${day(call.opensAt)}`, 409, { opensAt: call.opensAt.toISOString() });
        const a = em.create(Application, {
          id: uuidv7(), callId, funderId: call.funderId, projectId, status: 'assessing', appliedAt: now, appliedBy: principal.userId,
          organisationIds: project.organisationIds, assessment: null, decision: null, updatedAt: now,
        });
        await em.flush();
        const funder = await em.findOne(FunderRef, call.funderId);
        await this.outbox.append(em, [{
          type: 'funding.requested', streamId: projectId, payload: { ...applicationRef(a, call, funder), round: project.round, appliedAt: now.toISOString() },
        }], ctx);
        return this.view(em, a, call, funder, project);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new DomainError('ALREADY_APPLIED', 'the project has already applied to this call', 409);
      throw err;
    }
  }

  async get(id: string, principal: Principal): Promise<ApplicationView> {
    const em = this.orm.em.fork();
    const a = await em.findOne(Application, id);
    if (!a || !canSee(principal, a)) throw applicationNotFound(id);
    return this.view(em, a);
  }

  /** The applications the caller may see: to their funders' calls (officers), of their consortia. */
  async list(q: ApplicationListQuery, principal: Principal): Promise<ApplicationPage> {
    const em = this.orm.em.fork();
    const limit = q.limit ?? 20;
    const and: FilterQuery<Application>[] = [];
    if (q.callId) and.push({ callId: q.callId });
    if (q.projectId) and.push({ projectId: q.projectId });
    if (q.status) and.push({ status: q.status });
    if (q.eligible) and.push({ assessment: { eligibility: { eligible: q.eligible === 'true' } } } as FilterQuery<Application>);
    if (!isAdmin(principal)) {
      const scope: FilterQuery<Application>[] = [];
      if (principal.funderIds.length) scope.push({ funderId: { $in: principal.funderIds } });
      if (principal.organisationIds.length) scope.push({ organisationIds: { $overlap: principal.organisationIds } });
      if (!scope.length) return { items: [], nextCursor: null };
      and.push({ $or: scope });
    }
    const after = decodeCursor(q.cursor);
    if (after) and.push({ $or: [{ appliedAt: { $lt: new Date(after.key) } }, { appliedAt: new Date(after.key), id: { $lt: after.id } }] });
    const rows = await em.find(Application, and.length ? { $and: and } : {}, { orderBy: { appliedAt: 'desc', id: 'desc' }, limit: limit + 1 });
    // One query per kind of thing the page refers to, not per row.
    const unique = (xs: string[]) => [...new Set(xs)];
    const calls = new Map((rows.length ? await em.find(Call, { id: { $in: unique(rows.map((r) => r.callId)) } }) : []).map((c) => [c.id, c]));
    const funders = await fundersById(em, rows.map((r) => r.funderId));
    const projects = new Map((rows.length ? await em.find(ProjectRef, { id: { $in: unique(rows.map((r) => r.projectId)) } }) : []).map((x) => [x.id, x]));
    const items: ApplicationView[] = [];
    for (const r of rows.slice(0, limit)) items.push(await this.view(em, r, calls.get(r.callId), funders.get(r.funderId) ?? null, projects.get(r.projectId) ?? null));
    return { ...pageOf(rows, limit, () => null, (r) => [r.appliedAt.toISOString(), r.id]), items };
  }

  /** The funder's decision: locked, If-Match checked, amounts within the ceilings of the latest assessment. */
  async decide(id: string, ifMatch: string | undefined, dto: DecisionDto, ctx: RequestCtx): Promise<ApplicationView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const a = await em.findOne(Application, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!a || !canSee(principal, a)) throw applicationNotFound(id);
      if (!isOfficerOf(principal, a.funderId)) throw new DomainError('NOT_A_FUNDER_OFFICER', 'only an officer of the call\'s funder may decide', 403);
      assertIfMatch(ifMatch, a.version);
      if (a.status === 'granted' || a.status === 'refused') throw new DomainError('ALREADY_DECIDED', `the application was already ${a.status}`, 409);
      const call = await em.findOneOrFail(Call, a.callId);
      const funder = await em.findOne(FunderRef, a.funderId);
      const ref = applicationRef(a, call, funder);
      const now = new Date();
      let draft: EventDraft;
      if (dto.outcome === 'granted') {
        if (a.status !== 'eligible' || !a.assessment) {
          throw new DomainError('NOT_ELIGIBLE', a.status === 'assessing' ? 'the application is still being assessed' : 'the application is not eligible', 409);
        }
        if (!dto.partners || !dto.tranches) throw new DomainError('GRANT_INCOMPLETE', 'a grant needs partners (amount, aid form) and tranches', 422);
        const ceilings = a.assessment.ceilings.partners.map((p) => ({ organisationId: p.partnerId, name: p.name, maxAidCents: p.maxAidCents }));
        const totalCents = checkGrant(dto.partners, dto.tranches, ceilings, call.aidForms);
        const partners = dto.partners.map((l) => ({ ...l, name: ceilings.find((c) => c.organisationId === l.organisationId)!.name }));
        a.decision = { outcome: 'granted', motivation: dto.motivation, partners, tranches: dto.tranches, totalCents, decidedBy: principal.userId, decidedAt: now.toISOString() };
        a.status = 'granted';
        draft = { type: 'funding.granted', streamId: a.projectId, payload: { ...ref, totalCents, partners, tranches: dto.tranches, motivation: dto.motivation } };
      } else {
        if (dto.partners || dto.tranches) throw new DomainError('GRANT_FIELDS_NOT_ALLOWED', 'a refusal takes a motivation only', 422);
        a.decision = { outcome: 'refused', motivation: dto.motivation, partners: [], tranches: [], totalCents: 0, decidedBy: principal.userId, decidedAt: now.toISOString() };
        a.status = 'refused';
        draft = { type: 'funding.refused', streamId: a.projectId, payload: { ...ref, motivation: dto.motivation } };
      }
      a.updatedAt = now;
      await em.flush();
      await this.outbox.append(em, [draft], ctx);
      return this.view(em, a, call, funder);
    });
  }

  private async view(em: EntityManager, a: Application, call?: Call, funder?: FunderRef | null, project?: ProjectRef | null): Promise<ApplicationView> {
    const c = call ?? await em.findOneOrFail(Call, a.callId);
    const f = funder === undefined ? (await fundersById(em, [a.funderId])).get(a.funderId) ?? null : funder;
    const p = project === undefined ? await em.findOne(ProjectRef, a.projectId) : project;
    const s = a.assessment;
    return {
      id: a.id, callId: a.callId, callTitle: c.title, funderId: a.funderId, funderName: f?.name ?? 'unknown funder', projectId: a.projectId,
      acronym: p?.snapshot.acronym ?? '?', status: a.status, appliedAt: a.appliedAt.toISOString(), version: a.version, decision: a.decision,
      assessment: s && {
        eligible: s.eligibility.eligible, trigger: s.trigger, assessedAt: s.assessedAt, round: s.round, labelled: s.labelled,
        rules: ruleOutcomes(s.eligibility),
        ceilings: s.ceilings,
        declarations: s.declarations ?? null, declarationEffects: s.declarationEffects ?? null,
      },
    };
  }
}
