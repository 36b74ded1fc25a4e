import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { stageAfterLabelling, type LabellingCaseStatus } from '@poleflow/domain';
import { InboxWorker } from '@poleflow/messaging';
import { because } from '../timeline/format.js';
import { projectView, recordEntry } from '../timeline/timeline.store.js';
import { LabellingCaseView } from './labelling-case.entity.js';

type CaseRef = Pick<EventPayload<'labelling.case_admitted'>, 'caseId' | 'projectId' | 'poleId' | 'poleCode' | 'poleName' | 'lead' | 'round'>;

/** The case's new status; a label field left undefined keeps its value (a closed case keeps its label number). */
interface CaseChange {
  status: LabellingCaseStatus;
  labelNumber?: string | null;
  validUntil?: string | null;
}

/** "Aerospace Valley (lead pole)" / "Systematic Paris-Region (co-labelling)". */
export const poleOf = (p: CaseRef): string => `${p.poleName} (${p.lead ? 'lead pole' : 'co-labelling'})`;

const CLOSED_BECAUSE: Record<EventPayload<'labelling.case_closed'>['reason'], string> = {
  project_withdrawn: 'the project was withdrawn',
  pole_removed: 'the pole is no longer targeted',
};

/**
 * Follows every pole's labelling case of a project (the events carry no reviewer identity; the timeline keeps
 * none). Each event updates its case, then the stage becomes the aggregate of all the project's cases, unless
 * the project is already past labelling. Runs inside the inbox transaction.
 */
@Injectable()
export class LabellingConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('labelling.case_opened', (e, em) =>
      this.apply(em, e, { status: 'open', labelNumber: null, validUntil: null }, `Labelling case opened by ${poleOf(e.payload)}, round ${e.payload.round}`, e.payload.acronym));
    this.inbox.on('labelling.case_admitted', (e, em) => this.apply(em, e, { status: 'open' }, `Admissible for ${poleOf(e.payload)}`));
    this.inbox.on('labelling.quorum_reached', (e, em) =>
      this.apply(em, e, { status: 'open' }, `Reviews complete for ${poleOf(e.payload)}: quorum of ${e.payload.reviewCount} reached`));
    this.inbox.on('labelling.case_closed', (e, em) =>
      this.apply(em, e, { status: 'closed' }, `Labelling case closed for ${poleOf(e.payload)}: ${CLOSED_BECAUSE[e.payload.reason]}`));

    this.inbox.on('label.granted', (e, em) => {
      const p = e.payload;
      const conditions = p.conditions.length ? ` — conditions: ${p.conditions.join('; ')}` : '';
      return this.apply(em, e, { status: 'labelled', labelNumber: p.labelNumber, validUntil: p.validUntil },
        `Labelled by ${poleOf(p)}: ${p.labelNumber}, valid until ${p.validUntil}${conditions}`);
    });
    this.inbox.on('label.refused', (e, em) => {
      const p = e.payload;
      return p.outcome === 'inadmissible'
        ? this.apply(em, e, { status: 'inadmissible' }, because(`Declared inadmissible by ${poleOf(p)}`, p.motivation))
        : this.apply(em, e, { status: 'not_labelled' }, because(`Not labelled by ${poleOf(p)}`, p.motivation));
    });
    this.inbox.on('label.support_letter_issued', (e, em) =>
      this.apply(em, e, { status: 'support_letter' }, because(`Support letter from ${poleOf(e.payload)} instead of a label`, e.payload.motivation)));
    this.inbox.on('label.revision_requested', (e, em) => {
      const p = e.payload;
      return this.apply(em, e, { status: 'revision_requested' },
        `Revision requested by ${poleOf(p)}: ${p.requestedChanges.length} change(s) — ${p.requestedChanges.join('; ')}`);
    });
    this.inbox.on('label.revoked', (e, em) =>
      this.apply(em, e, { status: 'revoked', labelNumber: e.payload.labelNumber, validUntil: null }, because(`Label ${e.payload.labelNumber} revoked by ${poleOf(e.payload)}`, e.payload.motivation)));
  }

  /** Updates the pole's case, re-derives the project's stage from all its cases, records the entry. */
  private async apply(em: EntityManager, e: Envelope<CaseRef>, change: CaseChange, summary: string, acronym?: string): Promise<void> {
    const p = e.payload;
    const view = await projectView(em, p.projectId, acronym);
    const cases = await em.find(LabellingCaseView, { projectId: p.projectId });
    const fields = {
      caseId: p.caseId, poleName: p.poleName, poleCode: p.poleCode, lead: p.lead, round: p.round, status: change.status, updatedAt: new Date(e.occurredAt),
      ...(change.labelNumber === undefined ? {} : { labelNumber: change.labelNumber }),
      ...(change.validUntil === undefined ? {} : { validUntil: change.validUntil }),
    };
    const found = cases.find((c) => c.poleId === p.poleId);
    if (found) em.assign(found, fields);
    else {
      const created = em.create(LabellingCaseView, { projectId: p.projectId, poleId: p.poleId, labelNumber: null, validUntil: null, ...fields });
      em.persist(created);
      cases.push(created);
    }
    view.stage = stageAfterLabelling(view.stage, cases, view.round);
    view.updatedAt = new Date(e.occurredAt);
    recordEntry(em, e, p.projectId, view.stage, summary);
  }
}
