import fc from 'fast-check';
import {
  CRITERIA, DEFAULT_WEIGHTS, RECOMMENDATIONS, SCORE_MAX, SCORE_MIN, scoreSummary, validateScores, validateWeights, weightedScore,
  type Criterion, type Recommendation, type Scores, type Weights,
} from './scoring.js';

const all = (n: number): Scores => ({
  strategy_fit: n, innovation: n, market_potential: n, consortium_quality: n, territorial_impact: n, budget_realism: n,
});
const scores = (...v: [number, number, number, number, number, number]): Scores =>
  Object.fromEntries(CRITERIA.map((c, i) => [c, v[i]])) as Scores;
const weights = (...v: [number, number, number, number, number, number]): Weights => scores(...v);

describe('DEFAULT_WEIGHTS', () => {
  it('covers every criterion, sums to 100 and is valid', () => {
    expect(Object.keys(DEFAULT_WEIGHTS)).toEqual([...CRITERIA]);
    expect(CRITERIA.reduce((s, c) => s + DEFAULT_WEIGHTS[c], 0)).toBe(100);
    expect(validateWeights(DEFAULT_WEIGHTS)).toEqual([]);
  });
});

describe('validateWeights', () => {
  const ok: Record<string, unknown> = { ...DEFAULT_WEIGHTS };

  it.each<[string, Record<string, unknown>, { path: string; message: string }[]]>([
    ['defaults', ok, []],
    ['bounds 0 and 100', { ...ok, innovation: 0, market_potential: 100 }, []],
    ['a single non-zero weight', { ...weights(0, 0, 0, 0, 0, 1) }, []],
    ['missing criterion', { ...ok, innovation: undefined }, [{ path: 'weights.innovation', message: 'is required' }]],
    ['absent criterion', Object.fromEntries(Object.entries(ok).filter(([k]) => k !== 'budget_realism')),
      [{ path: 'weights.budget_realism', message: 'is required' }]],
    ['negative', { ...ok, innovation: -1 }, [{ path: 'weights.innovation', message: 'must be an integer between 0 and 100' }]],
    ['above 100', { ...ok, innovation: 101 }, [{ path: 'weights.innovation', message: 'must be an integer between 0 and 100' }]],
    ['decimal', { ...ok, innovation: 12.5 }, [{ path: 'weights.innovation', message: 'must be an integer between 0 and 100' }]],
    ['string', { ...ok, innovation: '20' }, [{ path: 'weights.innovation', message: 'must be an integer between 0 and 100' }]],
    ['null', { ...ok, innovation: null }, [{ path: 'weights.innovation', message: 'must be an integer between 0 and 100' }]],
    ['NaN', { ...ok, innovation: Number.NaN }, [{ path: 'weights.innovation', message: 'must be an integer between 0 and 100' }]],
    ['unknown key', { ...ok, inovation: 5 }, [
      { path: 'weights.inovation', message: `unknown criterion (expected one of ${CRITERIA.join(', ')})` },
    ]],
    ['all zero', { ...weights(0, 0, 0, 0, 0, 0) }, [{ path: 'weights', message: 'at least one weight must be greater than 0' }]],
    ['every issue at once, in criterion order then unknown keys', { strategy_fit: 'x', innovation: 200, other: 1 }, [
      { path: 'weights.strategy_fit', message: 'must be an integer between 0 and 100' },
      { path: 'weights.innovation', message: 'must be an integer between 0 and 100' },
      { path: 'weights.market_potential', message: 'is required' },
      { path: 'weights.consortium_quality', message: 'is required' },
      { path: 'weights.territorial_impact', message: 'is required' },
      { path: 'weights.budget_realism', message: 'is required' },
      { path: 'weights.other', message: `unknown criterion (expected one of ${CRITERIA.join(', ')})` },
    ]],
  ])('%s', (_label, w, expected) => {
    expect(validateWeights(w)).toEqual(expected);
  });

  it.each([[null], [[1, 2]], ['weights']])('refuses a non-object %j', (w) => {
    expect(validateWeights(w as unknown as Record<string, unknown>)).toEqual([
      { path: 'weights', message: 'must be an object with one entry per criterion' },
    ]);
  });
});

describe('validateScores', () => {
  const ok: Record<string, unknown> = { ...all(3) };

  it.each<[string, Record<string, unknown>, { path: string; message: string }[]]>([
    ['all 3', ok, []],
    ['bounds 0 and 5', { ...all(0), innovation: 5 }, []],
    ['missing', { ...ok, market_potential: undefined }, [{ path: 'scores.market_potential', message: 'is required' }]],
    ['6', { ...ok, innovation: 6 }, [{ path: 'scores.innovation', message: 'must be an integer between 0 and 5' }]],
    ['-1', { ...ok, innovation: -1 }, [{ path: 'scores.innovation', message: 'must be an integer between 0 and 5' }]],
    ['3.5', { ...ok, innovation: 3.5 }, [{ path: 'scores.innovation', message: 'must be an integer between 0 and 5' }]],
    ['"4"', { ...ok, innovation: '4' }, [{ path: 'scores.innovation', message: 'must be an integer between 0 and 5' }]],
    ['Infinity', { ...ok, innovation: Infinity }, [{ path: 'scores.innovation', message: 'must be an integer between 0 and 5' }]],
    ['unknown key', { ...ok, novelty: 3 }, [
      { path: 'scores.novelty', message: `unknown criterion (expected one of ${CRITERIA.join(', ')})` },
    ]],
    ['all zero is a valid review', { ...all(0) }, []],
  ])('%s', (_label, s, expected) => {
    expect(validateScores(s)).toEqual(expected);
  });

  it('refuses a non-object', () => {
    expect(validateScores(null as unknown as Record<string, unknown>)).toEqual([
      { path: 'scores', message: 'must be an object with one entry per criterion' },
    ]);
  });
});

describe('weightedScore', () => {
  it.each<[string, Scores, Weights, number]>([
    ['all 3, default weights', all(3), DEFAULT_WEIGHTS, 3],
    ['descending, default weights', scores(5, 4, 3, 2, 1, 0), DEFAULT_WEIGHTS, 2.8],
    ['all max', all(SCORE_MAX), DEFAULT_WEIGHTS, 5],
    ['all min', all(SCORE_MIN), DEFAULT_WEIGHTS, 0],
    ['zero weights ignore their criterion', scores(5, 0, 0, 0, 0, 0), weights(1, 0, 0, 0, 0, 0), 5],
    ['one third', scores(1, 0, 0, 0, 0, 0), weights(1, 1, 1, 0, 0, 0), 0.33],
    ['two thirds', scores(2, 0, 0, 0, 0, 0), weights(1, 1, 1, 0, 0, 0), 0.67],
    ['0.125 rounds half up', scores(1, 0, 0, 0, 0, 0), weights(1, 1, 1, 1, 1, 3), 0.13],
    ['1.005 rounds to 1.01 (no float trap)', scores(2, 0, 1, 0, 0, 0), weights(100, 99, 1, 0, 0, 0), 1.01],
    ['weights need not sum to 100', scores(4, 2, 0, 0, 0, 0), weights(1, 1, 0, 0, 0, 0), 3],
  ])('%s → %p', (_label, s, w, expected) => {
    expect(weightedScore(s, w)).toBe(expected);
  });

  it('throws a RangeError when the weights sum to 0', () => {
    expect(() => weightedScore(all(3), weights(0, 0, 0, 0, 0, 0))).toThrow(RangeError);
  });

  const score = fc.integer({ min: SCORE_MIN, max: SCORE_MAX });
  const arbScores = fc.record(Object.fromEntries(CRITERIA.map((c) => [c, score])) as Record<Criterion, fc.Arbitrary<number>>);
  const arbWeights = fc
    .record(Object.fromEntries(CRITERIA.map((c) => [c, fc.integer({ min: 0, max: 100 })])) as Record<Criterion, fc.Arbitrary<number>>)
    .filter((w) => CRITERIA.some((c) => w[c] > 0));

  it('is always within [min score, max score] of the review, with at most 2 decimals', () => {
    fc.assert(
      fc.property(arbScores, arbWeights, (s, w) => {
        const v = weightedScore(s, w);
        const values = CRITERIA.map((c) => s[c]);
        expect(v).toBeGreaterThanOrEqual(Math.min(...values));
        expect(v).toBeLessThanOrEqual(Math.max(...values));
        expect(Math.round(v * 100) / 100).toBe(v);
      }),
      { numRuns: 500 },
    );
  });

  it('equals the score when every criterion has the same score', () => {
    fc.assert(fc.property(score, arbWeights, (n, w) => expect(weightedScore(all(n), w)).toBe(n)));
  });

  it('the average of a summary lies between the lowest and highest weighted scores', () => {
    const review = fc.record({ scores: arbScores, recommendation: fc.constantFrom(...RECOMMENDATIONS) });
    fc.assert(
      fc.property(fc.array(review, { minLength: 1, maxLength: 8 }), arbWeights, (reviews, w) => {
        const each = reviews.map((r) => weightedScore(r.scores, w));
        const { weightedAverage, reviewCount, recommendations } = scoreSummary(reviews, w);
        expect(reviewCount).toBe(reviews.length);
        expect(weightedAverage).toBeGreaterThanOrEqual(Math.min(...each));
        expect(weightedAverage).toBeLessThanOrEqual(Math.max(...each));
        expect(RECOMMENDATIONS.reduce((n, r) => n + recommendations[r], 0)).toBe(reviews.length);
      }),
    );
  });
});

describe('scoreSummary', () => {
  const review = (s: Scores, recommendation: Recommendation) => ({ scores: s, recommendation });

  it('summarises three reviews', () => {
    const summary = scoreSummary(
      [
        review(all(4), 'label'),
        review(all(3), 'revise'),
        review(scores(5, 3, 4, 4, 2, 1), 'label_with_conditions'), // weighted 3.35
      ],
      DEFAULT_WEIGHTS,
    );
    expect(summary).toEqual({
      reviewCount: 3,
      weightedAverage: 3.45, // (4 + 3 + 3.35) / 3
      criteria: [
        { criterion: 'strategy_fit', weight: 20, mean: 4, min: 3, max: 5, spread: 2, stdDev: 0.82 },
        { criterion: 'innovation', weight: 20, mean: 3.33, min: 3, max: 4, spread: 1, stdDev: 0.47 },
        { criterion: 'market_potential', weight: 20, mean: 3.67, min: 3, max: 4, spread: 1, stdDev: 0.47 },
        { criterion: 'consortium_quality', weight: 15, mean: 3.67, min: 3, max: 4, spread: 1, stdDev: 0.47 },
        { criterion: 'territorial_impact', weight: 10, mean: 3, min: 2, max: 4, spread: 2, stdDev: 0.82 },
        { criterion: 'budget_realism', weight: 15, mean: 2.67, min: 1, max: 4, spread: 3, stdDev: 1.25 },
      ],
      recommendations: { label: 1, label_with_conditions: 1, revise: 1, reject: 0 },
      disagreement: ['strategy_fit', 'territorial_impact', 'budget_realism'],
    });
  });

  it.each<[string, Scores, Scores, number]>([
    ['0.33 and 0.34 → 0.34 (half up)', scores(2, 3, 0, 0, 0, 0), scores(1, 4, 0, 0, 0, 0), 0.34],
    // Naive float: (1.01 + 1.00) / 2 = 1.005 and Math.round(1.005 * 100) = 100 → 1.00.
    ['1.01 and 1.00 → 1.01 (exact hundredths, no float trap)', scores(0, 2, 1, 0, 0, 0), scores(1, 1, 1, 0, 0, 0), 1.01],
    ['0.33 and 0.65 → 0.49', scores(2, 3, 0, 0, 0, 0), scores(5, 5, 0, 0, 0, 0), 0.49],
  ])('averages weighted scores: %s', (_label, a, b, expected) => {
    const w = weights(6, 7, 87, 0, 0, 0);
    expect(scoreSummary([review(a, 'reject'), review(b, 'reject')], w).weightedAverage).toBe(expected);
  });

  it('a single review: no spread, no disagreement', () => {
    const summary = scoreSummary([review(scores(5, 0, 3, 3, 3, 3), 'reject')], DEFAULT_WEIGHTS);
    expect(summary.criteria.every((c) => c.spread === 0 && c.stdDev === 0)).toBe(true);
    expect(summary.criteria.map((c) => c.mean)).toEqual([5, 0, 3, 3, 3, 3]);
    expect(summary.disagreement).toEqual([]);
    expect(summary.recommendations).toEqual({ label: 0, label_with_conditions: 0, revise: 0, reject: 1 });
  });

  it.each<[number, number, boolean]>([
    [3, 3, false],
    [2, 3, false],
    [4, 2, true],
    [1, 3, true],
    [0, 5, true],
  ])('innovation scored %i and %i: disagreement %p (spread ≥ 2)', (a, b, disagree) => {
    const summary = scoreSummary([review({ ...all(3), innovation: a }, 'label'), review({ ...all(3), innovation: b }, 'revise')], DEFAULT_WEIGHTS);
    expect(summary.disagreement).toEqual(disagree ? ['innovation'] : []);
  });

  it('no review: null average, zeroed criteria with their weights, zero counts', () => {
    expect(scoreSummary([], DEFAULT_WEIGHTS)).toEqual({
      reviewCount: 0,
      weightedAverage: null,
      criteria: CRITERIA.map((criterion) => ({ criterion, weight: DEFAULT_WEIGHTS[criterion], mean: 0, min: 0, max: 0, spread: 0, stdDev: 0 })),
      recommendations: { label: 0, label_with_conditions: 0, revise: 0, reject: 0 },
      disagreement: [],
    });
  });
});
