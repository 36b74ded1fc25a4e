import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@poleflow/auth';
import {
  DomainError, executeCase, failedChecks, formatLabelNumber, labelValidUntil, scoreSummary, type CaseEvent, type Recommendation,
} from '@poleflow/domain';
import { assertIfMatch, principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter, type EmitContext, type EventDraft } from '@poleflow/messaging';
import { Label } from '../labels/label.entity.js';
import { nextLabelSequence } from '../labels/label-numbers.js';
import { PoleRef } from '../reference/reference.entity.js';
import { Assignment } from '../reviews/assignment.entity.js';
import { settingsOf } from '../settings/pole-settings.js';
import { caseNotFound, managesPole, viewerOf } from './case.access.js';
import type { AdmissibilityDto, DecisionDto } from './case.dto.js';
import { CaseRound, LabellingCase } from './case.entity.js';
import { caseEvent, caseRef } from './case.events.js';
import type { CaseView } from './case.view.js';
import { caseView, completeScores } from './case.views.js';

const today = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * A pole manager's acts on a case: admissibility and the committee decision. Each locks the case row, checks
 * If-Match against its version, lets the pure case machine decide, and writes the new state with its events
 * in one transaction — two managers deciding at once get one decision and one 412 (or 409).
 */
@Injectable()
export class CaseCommandService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async admissibility(id: string, ifMatch: string | undefined, dto: AdmissibilityDto, ctx: RequestCtx): Promise<CaseView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { c, round, pole } = await lockForManager(em, id, principal);
      assertIfMatch(ifMatch, c.version);
      const failed = failedChecks(round.checks);
      const motivation = dto.motivation?.trim() || undefined;
      const { events, state } = executeCase({ status: c.status, round: c.round }, dto.admissible
        ? { type: 'admit', failedChecks: failed, ...(motivation ? { motivation } : {}) }
        : { type: 'declare_inadmissible', motivation: motivation ?? '' });
      const now = new Date();
      const e = events[0] as Extract<CaseEvent, { type: 'admitted' | 'declared_inadmissible' }>;
      round.admissibility = {
        admissible: e.type === 'admitted', motivation: motivation ?? null, overriddenChecks: e.type === 'admitted' ? e.overriddenChecks : [],
        decidedBy: principal.userId, decidedAt: now.toISOString(),
      };
      c.status = state.status;
      c.updatedAt = now;
      if (e.type === 'declared_inadmissible') round.closedAt = now;
      await em.flush();
      const draft: EventDraft = e.type === 'admitted'
        ? caseEvent('labelling.case_admitted', c, caseRef(c, pole))
        : caseEvent('label.refused', c, { ...caseRef(c, pole), outcome: 'inadmissible', motivation: e.motivation });
      await this.outbox.append(em, [draft], ctx);
      return caseView(em, c, 'staff', principal);
    });
  }

  async decide(id: string, ifMatch: string | undefined, dto: DecisionDto, ctx: RequestCtx): Promise<CaseView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { c, round, pole } = await lockForManager(em, id, principal);
      assertIfMatch(ifMatch, c.version);
      if (dto.outcome !== 'labelled' && (dto.callRef !== undefined || dto.validUntil !== undefined)) {
        throw new DomainError('LABEL_FIELDS_NOT_ALLOWED', 'callRef and validUntil apply to a label only (outcome labelled)', 422);
      }
      const settings = await settingsOf(em, c.poleId);
      const reviews = await em.find(Assignment, { caseId: c.id, round: c.round, status: 'submitted' });
      const { events, state } = executeCase({ status: c.status, round: c.round }, {
        type: 'decide', outcome: dto.outcome, motivation: dto.motivation, reviewCount: reviews.length, quorum: settings.quorum,
        ...(dto.conditions ? { conditions: dto.conditions } : {}), ...(dto.requestedChanges ? { requestedChanges: dto.requestedChanges } : {}),
      });
      const e = events[0] as Extract<CaseEvent, { type: 'decided' }>;
      const now = new Date();
      const ref = caseRef(c, pole);
      let draft: EventDraft;
      let labelNumber: string | null = null;
      switch (e.outcome) {
        case 'labelled': {
          const validUntil = dto.validUntil ?? labelValidUntil(now, settings.labelValidityMonths);
          if (validUntil <= today(now)) throw new DomainError('INVALID_VALIDITY', `a label must be valid after today (validUntil ${validUntil})`, 422);
          const year = now.getUTCFullYear();
          labelNumber = formatLabelNumber(pole.code, year, await nextLabelSequence(em, pole.id, year));
          em.create(Label, {
            number: labelNumber, caseId: c.id, round: c.round, projectId: c.projectId, acronym: c.acronym, title: c.title, poleId: pole.id,
            poleCode: pole.code, poleName: pole.name, lead: c.lead, grantedAt: now, validUntil, callRef: dto.callRef ?? null,
            conditions: e.conditions, revokedAt: null, revocationMotivation: null,
          });
          draft = caseEvent('label.granted', c, {
            ...ref, labelNumber, grantedAt: now.toISOString(), validUntil, callRef: dto.callRef ?? null, conditions: e.conditions, motivation: e.motivation,
          });
          break;
        }
        case 'not_labelled':
          draft = caseEvent('label.refused', c, { ...ref, outcome: 'not_labelled', motivation: e.motivation });
          break;
        case 'support_letter':
          draft = caseEvent('label.support_letter_issued', c, { ...ref, motivation: e.motivation });
          break;
        case 'revision_requested':
          draft = caseEvent('label.revision_requested', c, { ...ref, requestedChanges: e.requestedChanges, motivation: e.motivation });
          break;
      }
      const scored = reviews.flatMap((a) => {
        const scores = completeScores(a.scores);
        return scores ? [{ scores, recommendation: a.recommendation as Recommendation }] : [];
      });
      round.decision = {
        outcome: e.outcome, motivation: e.motivation, conditions: e.conditions, requestedChanges: e.requestedChanges, labelNumber,
        decidedBy: principal.userId, decidedAt: now.toISOString(), scores: scoreSummary(scored, settings.weights), weights: settings.weights,
      };
      round.closedAt = now;
      c.status = state.status;
      c.updatedAt = now;
      // Reviewers who had not answered by the decision are released.
      await em.nativeUpdate(Assignment, { caseId: c.id, round: c.round, status: 'assigned' }, { status: 'cancelled', updatedAt: now });
      await em.flush();
      await this.outbox.append(em, [draft], ctx as EmitContext);
      return caseView(em, c, 'staff', principal);
    });
  }
}

/** Locks the case for an act of its pole's managers: 404 to whoever may not see it, 403 to a viewer who may not act. */
export async function lockForManager(em: EntityManager, id: string, principal: Principal): Promise<{ c: LabellingCase; round: CaseRound; pole: PoleRef }> {
  const c = await em.findOne(LabellingCase, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!c) throw caseNotFound(id);
  if (!managesPole(principal, c.poleId)) {
    const assigned = (await em.count(Assignment, { caseId: id, reviewerUserId: principal.userId, status: { $ne: 'cancelled' } })) > 0;
    if (viewerOf(principal, c, assigned)) throw new DomainError('NOT_POLE_MANAGER', 'only a manager of the case\'s pole may do this', 403);
    throw caseNotFound(id);
  }
  const round = await em.findOneOrFail(CaseRound, { caseId: c.id, round: c.round });
  const pole = await em.findOneOrFail(PoleRef, c.poleId);
  return { c, round, pole };
}
