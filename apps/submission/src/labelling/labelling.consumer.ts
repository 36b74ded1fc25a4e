import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Envelope, EventPayload } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { LabellingOutcomeService, type PoleDecision } from './labelling-outcome.service.js';

type CaseRef = Pick<EventPayload<'label.granted'>, 'caseId' | 'projectId' | 'poleId' | 'lead' | 'round'>;
type Details = Pick<PoleDecision, 'status' | 'motivation'> & Partial<Pick<PoleDecision, 'labelNumber' | 'validUntil' | 'requestedChanges' | 'conditions' | 'decidedAt'>>;

/** The pole's decision an event states; what it does not state is reset (a row is the pole's latest decision). */
function decision(e: Envelope<CaseRef>, d: Details): PoleDecision {
  const p = e.payload;
  return {
    projectId: p.projectId, poleId: p.poleId, caseId: p.caseId, lead: p.lead, round: p.round,
    labelNumber: null, validUntil: null, requestedChanges: [], conditions: [], decidedAt: new Date(e.occurredAt), ...d,
  };
}

/**
 * The poles' labelling decisions on submission's projects (`label.*`; ROUTES sends submission no case
 * lifecycle event). Parses the envelope and hands the decision to the service, in the inbox transaction.
 */
@Injectable()
export class LabellingConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker, private readonly outcomes: LabellingOutcomeService) {}

  onModuleInit(): void {
    this.inbox.on('label.granted', (e, em) => this.outcomes.record(em, decision(e, {
      status: 'labelled', labelNumber: e.payload.labelNumber, validUntil: e.payload.validUntil, conditions: e.payload.conditions,
      motivation: e.payload.motivation, decidedAt: new Date(e.payload.grantedAt),
    })));
    this.inbox.on('label.refused', (e, em) => this.outcomes.record(em, decision(e, { status: e.payload.outcome, motivation: e.payload.motivation })));
    this.inbox.on('label.support_letter_issued', (e, em) =>
      this.outcomes.record(em, decision(e, { status: 'support_letter', motivation: e.payload.motivation })));
    this.inbox.on('label.revision_requested', (e, em) => this.outcomes.record(em, decision(e, {
      status: 'revision_requested', requestedChanges: e.payload.requestedChanges, motivation: e.payload.motivation,
    })));
    this.inbox.on('label.revoked', (e, em) =>
      this.outcomes.record(em, decision(e, { status: 'revoked', labelNumber: e.payload.labelNumber, motivation: e.payload.motivation })));
  }
}
