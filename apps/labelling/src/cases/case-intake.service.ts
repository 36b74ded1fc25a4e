import { Injectable, Logger } from '@nestjs/common';
import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import type { Envelope } from '@poleflow/contracts';
import { admissibilityChecks, executeCase, type CaseStatus } from '@poleflow/domain';
import { OutboxWriter, type EmitContext, type EventDraft } from '@poleflow/messaging';
import { leadMembershipOf } from '../membership/membership.consumer.js';
import { PoleRef } from '../reference/reference.entity.js';
import { Assignment } from '../reviews/assignment.entity.js';
import { settingsOf } from '../settings/pole-settings.js';
import { CaseRound, LabellingCase, type ProjectSnapshot } from './case.entity.js';
import { caseEvent, caseRef } from './case.events.js';

/** A case that a resubmission or a withdrawal still concerns: open, or waiting for the consortium's revision. */
const LIVE: readonly CaseStatus[] = ['admissibility', 'under_review', 'revision_requested'];

/**
 * Opens, re-opens and closes cases as the consortium submits, resubmits and withdraws (inbox handlers: runs in
 * the inbox transaction, so the cases and their events commit with the inbox record, once).
 *
 * - `project.submitted`: one case per targeted pole, the first pole being the lead.
 * - `project.resubmitted`: a new round on every live case (the snapshot and checks are recomputed, the open
 *   assignments of the earlier round are cancelled, its record stays as history); a new case for a pole added
 *   since; a live case whose pole was dropped is closed. A case already decided keeps its decision: a label
 *   was given on the round it reviewed.
 * - `project.withdrawn`: every live case is closed.
 */
@Injectable()
export class CaseIntakeService {
  private readonly logger = new Logger(CaseIntakeService.name);

  constructor(private readonly outbox: OutboxWriter) {}

  async onSubmitted(em: EntityManager, e: Envelope<ProjectSnapshot>): Promise<void> {
    const s = e.payload;
    const poles = await this.poles(em, s);
    const locked = await em.find(LabellingCase, { projectId: s.projectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const existing = new Map(locked.map((c) => [c.poleId, c]));
    const drafts: EventDraft[] = [];
    for (const target of s.poles) {
      const pole = poles.get(target.poleId)!;
      const found = existing.get(target.poleId);
      if (!found) drafts.push(await this.open(em, s, pole, target.lead, new Date(e.occurredAt)));
      else if (LIVE.includes(found.status) && found.round < s.round) drafts.push(await this.reopen(em, found, s, pole, target.lead, new Date(e.occurredAt)));
    }
    for (const c of existing.values()) {
      if (!s.poles.some((p) => p.poleId === c.poleId) && LIVE.includes(c.status)) {
        drafts.push(await this.close(em, c, 'pole_removed'));
      }
    }
    await this.outbox.append(em, drafts, this.ctx(e));
  }

  async onWithdrawn(em: EntityManager, e: Envelope<{ projectId: string }>): Promise<void> {
    const cases = await em.find(LabellingCase, { projectId: e.payload.projectId, status: { $in: [...LIVE] } }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const drafts: EventDraft[] = [];
    for (const c of cases) drafts.push(await this.close(em, c, 'project_withdrawn'));
    await this.outbox.append(em, drafts, this.ctx(e));
  }

  private async open(em: EntityManager, s: ProjectSnapshot, pole: PoleRef, lead: boolean, at: Date): Promise<EventDraft> {
    const c = em.create(LabellingCase, {
      id: uuidv7(), projectId: s.projectId, poleId: pole.id, lead, round: s.round, status: 'admissibility',
      acronym: s.acronym, title: s.title, organisationIds: s.partners.map((p) => p.organisationId), openedAt: at, updatedAt: at,
    });
    await this.newRound(em, c, s, pole, at);
    return caseEvent('labelling.case_opened', c, { ...caseRef(c, pole), acronym: s.acronym });
  }

  private async reopen(em: EntityManager, c: LabellingCase, s: ProjectSnapshot, pole: PoleRef, lead: boolean, at: Date): Promise<EventDraft> {
    const previous = c.round;
    const { state } = executeCase({ status: c.status, round: c.round }, { type: 'reopen', round: s.round });
    await em.nativeUpdate(CaseRound, { caseId: c.id, round: previous, closedAt: null }, { closedAt: at, closedReason: 'superseded by a resubmission' });
    await em.nativeUpdate(Assignment, { caseId: c.id, round: previous, status: 'assigned' }, { status: 'cancelled', updatedAt: at });
    Object.assign(c, {
      status: state.status, round: state.round, lead, acronym: s.acronym, title: s.title,
      organisationIds: s.partners.map((p) => p.organisationId), updatedAt: at,
    });
    await this.newRound(em, c, s, pole, at);
    return caseEvent('labelling.case_opened', c, { ...caseRef(c, pole), acronym: s.acronym });
  }

  private async close(em: EntityManager, c: LabellingCase, reason: 'project_withdrawn' | 'pole_removed'): Promise<EventDraft> {
    const now = new Date();
    const { state } = executeCase({ status: c.status, round: c.round }, { type: 'close', reason });
    c.status = state.status;
    c.updatedAt = now;
    await em.nativeUpdate(CaseRound, { caseId: c.id, round: c.round, closedAt: null }, { closedAt: now, closedReason: reason });
    await em.nativeUpdate(Assignment, { caseId: c.id, status: 'assigned' }, { status: 'cancelled', updatedAt: now });
    const pole = await em.findOneOrFail(PoleRef, c.poleId);
    return caseEvent('labelling.case_closed', c, { ...caseRef(c, pole), reason });
  }

  /** The round's record, with the admissibility checks computed for the pole's managers. */
  private async newRound(em: EntityManager, c: LabellingCase, s: ProjectSnapshot, pole: PoleRef, at: Date): Promise<void> {
    const settings = await settingsOf(em, pole.id);
    const checks = admissibilityChecks({
      pole: { name: pole.name, regions: pole.regions, themes: pole.themes, lead: c.lead },
      settings,
      project: { themes: s.themes, partners: s.partners.map((p) => ({ organisationId: p.organisationId, name: p.name, kind: p.kind, region: p.region, regions: p.regions ?? [p.region], totalCents: p.totalCents })) },
      membership: await leadMembershipOf(em, pole.id, s),
    });
    em.create(CaseRound, { caseId: c.id, round: c.round, snapshot: s, checks, openedAt: at, admissibility: null, decision: null, closedAt: null, closedReason: null });
  }

  /** Every targeted pole must be known; directory's `pole.published` may still be on its way: retry later. */
  private async poles(em: EntityManager, s: ProjectSnapshot): Promise<Map<string, PoleRef>> {
    const ids = s.poles.map((p) => p.poleId);
    const found = new Map((await em.find(PoleRef, { id: { $in: ids } })).map((p) => [p.id, p]));
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) {
      this.logger.warn({ projectId: s.projectId, missing }, 'pole(s) not yet known; the event will be retried');
      throw new Error(`pole(s) ${missing.join(', ')} not yet published to labelling`);
    }
    return found;
  }

  private ctx(e: Envelope): EmitContext {
    return { actor: null, correlationId: e.correlationId, causationId: e.id };
  }
}
