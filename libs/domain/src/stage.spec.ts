import fc from 'fast-check';
import {
  applicationStatusAfter, FUNDING_APPLICATION_STATUSES, fundingStage, isTerminalStage, LABELLING_CASE_STATUSES, labellingStage, nextStage, PROJECT_STAGES,
  stageAfterFunding, stageAfterLabelling, type FundingApplicationStatus, type LabellingCaseRound, type LabellingCaseStatus, type ProjectStage,
} from './stage.js';

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

describe('labellingStage', () => {
  it.each<[LabellingCaseStatus[], ProjectStage | null]>([
    [[], null],
    [['closed'], null],
    [['closed', 'closed'], null],
    [['open'], 'in_labelling'],
    [['open', 'closed'], 'in_labelling'],
    [['revision_requested'], 'revision_requested'],
    [['revision_requested', 'open'], 'revision_requested'], // one pole's request holds the project
    [['labelled', 'revision_requested'], 'revision_requested'],
    [['labelled', 'open'], 'in_labelling'], // the co-labelling pole has not decided yet
    [['labelled'], 'labelled'],
    [['labelled', 'not_labelled'], 'labelled'], // one label is enough
    [['labelled', 'revoked'], 'labelled'],
    [['labelled', 'closed'], 'labelled'],
    [['not_labelled'], 'not_labelled'],
    [['inadmissible'], 'not_labelled'],
    [['support_letter'], 'not_labelled'],
    [['revoked'], 'not_labelled'],
    [['not_labelled', 'support_letter', 'closed'], 'not_labelled'],
  ])('%j → %s', (cases, expected) => expect(labellingStage(cases)).toBe(expected));

  it('does not depend on the order of the cases', () => {
    const statuses = fc.constantFrom(...LABELLING_CASE_STATUSES);
    fc.assert(fc.property(
      fc.array(statuses, { maxLength: 6 }).chain((cases) => fc.tuple(fc.constant(cases), fc.shuffledSubarray(cases, { minLength: cases.length }))),
      ([cases, shuffled]) => labellingStage(shuffled) === labellingStage(cases),
    ));
  });

  it('only closed cases never decide the stage', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...LABELLING_CASE_STATUSES)), (cases) =>
      (labellingStage(cases) === null) === cases.every((c) => c === 'closed')));
  });
});

describe('stageAfterLabelling', () => {
  const r1 = (...statuses: LabellingCaseStatus[]): LabellingCaseRound[] => statuses.map((status) => ({ status, round: 1 }));

  it.each<[ProjectStage, LabellingCaseRound[], number, ProjectStage]>([
    ['submitted', r1('open'), 1, 'in_labelling'],
    ['in_labelling', r1('revision_requested', 'open'), 1, 'revision_requested'],
    ['in_labelling', r1('labelled', 'labelled'), 1, 'labelled'],
    ['labelled', r1('labelled', 'open'), 1, 'in_labelling'], // a new co-labelling case opens
    ['not_labelled', r1('open'), 1, 'in_labelling'],
    ['in_labelling', r1('closed'), 1, 'in_labelling'], // nothing left to count: unchanged
    // resubmitted (round 2): the round-1 request was answered; the co-labelling case still reviews
    ['submitted', [{ status: 'revision_requested', round: 1 }, { status: 'open', round: 1 }], 2, 'in_labelling'],
    ['submitted', [{ status: 'revision_requested', round: 2 }, { status: 'open', round: 1 }], 2, 'revision_requested'],
    ['submitted', [{ status: 'revision_requested', round: 1 }], 2, 'submitted'],
    // never back from funding and beyond, never out of a terminal stage
    ['funding_requested', r1('labelled'), 1, 'funding_requested'],
    ['funded', r1('labelled'), 1, 'funded'],
    ['not_funded', r1('open'), 1, 'not_funded'],
    ['prototype', r1('revoked'), 1, 'prototype'],
    ['industrialisation', r1('revision_requested'), 1, 'industrialisation'],
    ['market', r1('open'), 1, 'market'],
    ['withdrawn', r1('labelled'), 1, 'withdrawn'],
  ])('%s with %j (round %d) → %s', (current, cases, round, expected) => {
    expect(stageAfterLabelling(current, cases, round)).toBe(expected);
  });
});

describe('fundingStage', () => {
  it.each<[FundingApplicationStatus[], ProjectStage | null]>([
    [[], null],
    [['requested'], 'funding_requested'],
    [['eligible'], 'funding_requested'],
    [['ineligible'], 'funding_requested'], // a re-assessment (a label granted) may still make it eligible
    [['granted'], 'funded'],
    [['refused'], 'not_funded'],
    [['granted', 'refused'], 'funded'], // funded by one funder, refused by another
    [['refused', 'granted'], 'funded'],
    [['refused', 'requested'], 'funding_requested'], // another application is still pending
    [['refused', 'eligible'], 'funding_requested'],
    [['refused', 'ineligible'], 'funding_requested'],
    [['refused', 'refused'], 'not_funded'], // only when every application was refused
    [['granted', 'ineligible', 'requested'], 'funded'],
  ])('%j → %s', (statuses, expected) => expect(fundingStage(statuses)).toBe(expected));

  it('does not depend on the order of the applications', () => {
    fc.assert(fc.property(
      fc.array(fc.constantFrom(...FUNDING_APPLICATION_STATUSES), { maxLength: 6 }).chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s, { minLength: s.length }))),
      ([statuses, shuffled]) => fundingStage(shuffled) === fundingStage(statuses),
    ));
  });

  it('one grant is enough, and an added refusal never unfunds a project', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...FUNDING_APPLICATION_STATUSES), { maxLength: 6 }), (statuses) =>
      (fundingStage(statuses) === 'funded') === statuses.includes('granted')
      && (!statuses.includes('granted') || fundingStage([...statuses, 'refused']) === 'funded')));
  });
});

describe('stageAfterFunding', () => {
  it.each<[ProjectStage, FundingApplicationStatus[], ProjectStage]>([
    ['labelled', ['requested'], 'funding_requested'],
    ['funding_requested', ['eligible'], 'funding_requested'], // an assessment never moves the stage
    ['funding_requested', ['ineligible'], 'funding_requested'],
    ['funding_requested', ['granted'], 'funded'],
    ['funding_requested', ['refused'], 'not_funded'],
    ['funded', ['granted', 'refused'], 'funded'], // a late refusal by another funder
    ['funded', ['granted', 'requested'], 'funded'], // a new application while funded
    ['not_funded', ['refused', 'requested'], 'funding_requested'], // a new application after a refusal
    ['in_labelling', ['requested'], 'funding_requested'], // a call may not require a label
    ['labelled', [], 'labelled'], // nothing to count: unchanged
    // never back from delivery, never out of a terminal stage
    ['prototype', ['granted'], 'prototype'],
    ['prototype', ['refused'], 'prototype'],
    ['industrialisation', ['requested'], 'industrialisation'],
    ['market', ['refused'], 'market'],
    ['withdrawn', ['granted'], 'withdrawn'],
  ])('%s with %j → %s', (current, statuses, expected) => expect(stageAfterFunding(current, statuses)).toBe(expected));
});

describe('applicationStatusAfter', () => {
  it.each<[FundingApplicationStatus | null, Parameters<typeof applicationStatusAfter>[1], FundingApplicationStatus]>([
    [null, { type: 'funding.requested' }, 'requested'],
    ['requested', { type: 'eligibility.assessed', eligible: true }, 'eligible'],
    ['requested', { type: 'eligibility.assessed', eligible: false }, 'ineligible'],
    ['ineligible', { type: 'eligibility.assessed', eligible: true }, 'eligible'], // re-assessed after a label
    ['eligible', { type: 'eligibility.assessed', eligible: false }, 'ineligible'], // re-assessed after a revocation
    ['eligible', { type: 'funding.granted' }, 'granted'],
    ['eligible', { type: 'funding.refused' }, 'refused'],
    ['ineligible', { type: 'funding.refused' }, 'refused'],
    // a decision is final: a later assessment or a repeated request does not undo it
    ['granted', { type: 'eligibility.assessed', eligible: false }, 'granted'],
    ['refused', { type: 'eligibility.assessed', eligible: true }, 'refused'],
    ['granted', { type: 'funding.requested' }, 'granted'],
    [null, { type: 'funding.granted' }, 'granted'],
  ])('%s + %j → %s', (current, event, expected) => expect(applicationStatusAfter(current, event)).toBe(expected));
});
