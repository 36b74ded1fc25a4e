import { isTerminalStage, nextStage, PROJECT_STAGES, type ProjectStage } from './stage.js';

describe('nextStage', () => {
  it.each<[ProjectStage, string, ProjectStage]>([
    ['conception', 'project.created', 'conception'],
    ['conception', 'project.submitted', 'submitted'],
    ['revision_requested', 'project.resubmitted', 'submitted'],
    ['submitted', 'labelling.case_opened', 'in_labelling'],
    ['revision_requested', 'labelling.case_opened', 'in_labelling'],
    ['not_labelled', 'labelling.case_opened', 'in_labelling'],
    ['labelled', 'labelling.case_opened', 'labelled'],
    ['funding_requested', 'labelling.case_opened', 'funding_requested'],
    ['funded', 'labelling.case_opened', 'funded'],
    ['not_funded', 'labelling.case_opened', 'not_funded'],
    ['prototype', 'labelling.case_opened', 'prototype'],
    ['industrialisation', 'labelling.case_opened', 'industrialisation'],
    ['in_labelling', 'label.granted', 'labelled'],
    ['in_labelling', 'label.refused', 'not_labelled'],
    ['in_labelling', 'label.revision_requested', 'revision_requested'],
    ['labelled', 'funding.requested', 'funding_requested'],
    ['funding_requested', 'funding.granted', 'funded'],
    ['funding_requested', 'funding.refused', 'not_funded'],
    ['funded', 'milestone.validated', 'funded'],
    ['prototype', 'milestone.validated', 'prototype'],
    ['funded', 'project.market_launched', 'market'],
    ['industrialisation', 'project.market_launched', 'market'],
    ['submitted', 'project.withdrawn', 'withdrawn'],
    ['funded', 'project.withdrawn', 'withdrawn'],
    ['in_labelling', 'organisation.updated', 'in_labelling'],
    ['funded', 'something.unknown', 'funded'],
    ['labelled', 'toString', 'labelled'], // not fooled by Object.prototype keys
    ['labelled', '', 'labelled'],
  ])('%s + %s → %s', (current, eventType, expected) => expect(nextStage(current, eventType)).toBe(expected));

  it.each<[ProjectStage, 'prototype' | 'industrialisation', ProjectStage]>([
    ['funded', 'prototype', 'prototype'],
    ['funded', 'industrialisation', 'industrialisation'],
    ['prototype', 'industrialisation', 'industrialisation'],
    ['industrialisation', 'prototype', 'industrialisation'], // never backwards
  ])('%s + milestone.validated(%s) → %s', (current, milestoneStage, expected) => {
    expect(nextStage(current, 'milestone.validated', { milestoneStage })).toBe(expected);
  });

  const allEvents = [
    'project.created', 'project.submitted', 'project.resubmitted', 'project.withdrawn', 'labelling.case_opened',
    'label.granted', 'label.refused', 'label.revision_requested', 'funding.requested', 'funding.granted',
    'funding.refused', 'milestone.validated', 'project.market_launched', 'unknown.event',
  ];
  it.each((['withdrawn', 'market'] as const).flatMap((s) => allEvents.map((e) => [s, e] as const)))(
    'terminal %s stays after %s',
    (stage, eventType) => {
      expect(isTerminalStage(stage)).toBe(true);
      expect(nextStage(stage, eventType, { milestoneStage: 'prototype' })).toBe(stage);
    },
  );

  it('only withdrawn and market are terminal', () => {
    expect(PROJECT_STAGES.filter(isTerminalStage)).toEqual(['market', 'withdrawn']);
  });
});
