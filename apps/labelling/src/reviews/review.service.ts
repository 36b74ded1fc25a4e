import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { CRITERIA, DomainError, assertUnderReview } from '@poleflow/domain';
import { principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter } from '@poleflow/messaging';
import type { LabellingCase } from '../cases/case.entity.js';
import { caseEvent, caseRef } from '../cases/case.events.js';
import type { AssignmentView } from '../cases/case.view.js';
import { assignmentView } from '../cases/case.views.js';
import { PoleRef } from '../reference/reference.entity.js';
import { settingsOf } from '../settings/pole-settings.js';
import { Assignment, type RubricScores } from './assignment.entity.js';
import { lockOwnAssignment } from './assignment.service.js';
import type { ReviewDraftDto } from './review.dto.js';

/**
 * A reviewer writes their review on their assignment: drafts as often as they like, then submits once; a
 * submitted review is never edited. The submission that reaches the pole's quorum announces it
 * (`labelling.quorum_reached`, without any reviewer's identity) so the committee can decide.
 */
@Injectable()
export class ReviewService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async saveDraft(id: string, dto: ReviewDraftDto, ctx: RequestCtx): Promise<AssignmentView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { a } = await this.writable(em, id, principal);
      const scores: RubricScores = {};
      for (const k of CRITERIA) {
        const v = dto.scores[k];
        if (v) scores[k] = { score: v.score, comment: v.comment.trim() };
      }
      a.scores = scores;
      if (dto.recommendation !== undefined) a.recommendation = dto.recommendation;
      if (dto.summary !== undefined) a.summary = dto.summary.trim();
      a.updatedAt = new Date();
      await em.flush();
      return assignmentView(a, (await settingsOf(em, a.poleId)).weights);
    });
  }

  async submit(id: string, ctx: RequestCtx): Promise<AssignmentView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { a, c } = await this.writable(em, id, principal);
      const errors = CRITERIA.flatMap((k) => {
        const v = a.scores?.[k];
        if (!v) return [{ path: `scores.${k}`, message: 'a score 0–5 is required' }];
        return v.comment.trim() ? [] : [{ path: `scores.${k}.comment`, message: 'a comment is required' }];
      });
      if (!a.recommendation) errors.push({ path: 'recommendation', message: 'a recommendation is required' });
      if (errors.length) throw new DomainError('REVIEW_INCOMPLETE', 'the review is not complete', 422, { errors });
      const now = new Date();
      Object.assign(a, { status: 'submitted', submittedAt: now, updatedAt: now });
      c.updatedAt = now;
      await em.flush();
      const settings = await settingsOf(em, c.poleId);
      const count = await em.count(Assignment, { caseId: c.id, round: c.round, status: 'submitted' });
      if (count === settings.quorum) {
        const pole = await em.findOneOrFail(PoleRef, c.poleId);
        // The actor is left out on purpose: the consortium reads this step and never learns who reviewed.
        await this.outbox.append(em, [caseEvent('labelling.quorum_reached', c, { ...caseRef(c, pole), reviewCount: count })],
          { actor: null, correlationId: ctx.correlationId });
      }
      return assignmentView(a, settings.weights);
    });
  }

  /** The reviewer's own open assignment on a case still under review, with the case locked (quorum counting). */
  private async writable(em: EntityManager, id: string, principal: ReturnType<typeof principalOf>): Promise<{ a: Assignment; c: LabellingCase }> {
    const { a, c } = await lockOwnAssignment(em, id, principal);
    if (a.status === 'submitted') throw new DomainError('REVIEW_ALREADY_SUBMITTED', 'a submitted review cannot be changed', 409);
    if (a.status !== 'assigned') throw new DomainError('ASSIGNMENT_CLOSED', `the assignment is ${a.status}`, 409);
    if (c.round !== a.round) throw new DomainError('ASSIGNMENT_CLOSED', 'the case has moved to a later round', 409);
    assertUnderReview({ status: c.status, round: c.round });
    return { a, c };
  }
}
