import type { EventDraft } from '@poleflow/messaging';
import type { PoleRef } from '../reference/reference.entity.js';
import type { LabellingCase } from './case.entity.js';

/** The part every labelling event says about its case (never who reviewed it). */
export const caseRef = (c: LabellingCase, pole: Pick<PoleRef, 'code' | 'name'>) => ({
  caseId: c.id, projectId: c.projectId, poleId: c.poleId, poleCode: pole.code, poleName: pole.name, lead: c.lead, round: c.round,
});

/** Every labelling event is streamed per project: consumers apply one project's steps in order. */
export function caseEvent<T extends EventDraft['type']>(type: T, c: LabellingCase, payload: EventDraft<T>['payload']): EventDraft<T> {
  return { type, streamId: c.projectId, payload } as EventDraft<T>;
}
