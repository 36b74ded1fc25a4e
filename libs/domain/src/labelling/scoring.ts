/*
 * Weighted review rubric (DOMAIN.md §2.3 criteria, consolidated): each reviewer scores every
 * criterion 0..5 and recommends an outcome; the pole weighs the criteria (integers 0..100, not
 * necessarily summing to 100). Figures are rounded to 2 decimals.
 */

export const CRITERIA = [
  'strategy_fit',
  'innovation',
  'market_potential',
  'consortium_quality',
  'territorial_impact',
  'budget_realism',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export type Weights = Record<Criterion, number>;

export const DEFAULT_WEIGHTS: Weights = Object.freeze({
  strategy_fit: 20,
  innovation: 20,
  market_potential: 20,
  consortium_quality: 15,
  territorial_impact: 10,
  budget_realism: 15,
});

export const RECOMMENDATIONS = ['label', 'label_with_conditions', 'revise', 'reject'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const SCORE_MIN = 0;
export const SCORE_MAX = 5;
const WEIGHT_MIN = 0;
const WEIGHT_MAX = 100;

export type Scores = Record<Criterion, number>;

interface Issue {
  path: string;
  message: string;
}

const isCriterion = (k: string): k is Criterion => (CRITERIA as readonly string[]).includes(k);
const isIntegerIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every criterion an integer in [min, max], no unknown key. Issues in CRITERIA order, then unknown keys. */
function validateRubric(root: string, o: Record<string, unknown>, min: number, max: number): Issue[] {
  if (!isPlainObject(o)) return [{ path: root, message: 'must be an object with one entry per criterion' }];
  const issues: Issue[] = [];
  for (const c of CRITERIA) {
    if (!Object.hasOwn(o, c) || o[c] === undefined) issues.push({ path: `${root}.${c}`, message: 'is required' });
    else if (!isIntegerIn(o[c], min, max)) issues.push({ path: `${root}.${c}`, message: `must be an integer between ${min} and ${max}` });
  }
  for (const k of Object.keys(o)) {
    if (!isCriterion(k)) issues.push({ path: `${root}.${k}`, message: `unknown criterion (expected one of ${CRITERIA.join(', ')})` });
  }
  return issues;
}

/** Every criterion present, integers 0..100, no unknown key, and (when those hold) a sum > 0. */
export function validateWeights(w: Record<string, unknown>): { path: string; message: string }[] {
  const issues = validateRubric('weights', w, WEIGHT_MIN, WEIGHT_MAX);
  if (issues.length === 0 && CRITERIA.every((c) => w[c] === 0)) {
    issues.push({ path: 'weights', message: 'at least one weight must be greater than 0' });
  }
  return issues;
}

/** Every criterion present, integers 0..5, no unknown key. */
export function validateScores(s: Record<string, unknown>): { path: string; message: string }[] {
  return validateRubric('scores', s, SCORE_MIN, SCORE_MAX);
}

/** num/den rounded to 2 decimals (half up), computed from the integers to avoid the 1.005 float trap. */
const ratio2 = (num: number, den: number): number => Math.round((num * 100) / den) / 100;
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Σ w·s / Σ w, rounded to 2 decimals. Throws a RangeError when the weights sum to 0 (validate them first). */
export function weightedScore(scores: Scores, weights: Weights): number {
  let num = 0;
  let den = 0;
  for (const c of CRITERIA) {
    num += weights[c] * scores[c];
    den += weights[c];
  }
  if (den <= 0) throw new RangeError('the weights must sum to more than 0');
  return ratio2(num, den);
}

/** Per criterion over the reviews; figures rounded to 2 decimals, `stdDev` is the population standard deviation. */
export interface CriterionSpread {
  criterion: Criterion;
  weight: number;
  mean: number;
  min: number;
  max: number;
  spread: number;
  stdDev: number;
}

/** `disagreement`: the criteria whose spread (max − min) is at least DISAGREEMENT_SPREAD. */
export interface ScoreSummary {
  reviewCount: number;
  weightedAverage: number | null;
  criteria: CriterionSpread[];
  recommendations: Record<Recommendation, number>;
  disagreement: Criterion[];
}

const DISAGREEMENT_SPREAD = 2;

function spreadOf(criterion: Criterion, weight: number, values: readonly number[]): CriterionSpread {
  const n = values.length;
  if (n === 0) return { criterion, weight, mean: 0, min: 0, max: 0, spread: 0, stdDev: 0 };
  let sum = 0;
  let sumSq = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  // Population variance = (n·Σx² − (Σx)²) / n², exact for integer scores; clamp float noise below 0.
  const stdDev = Math.sqrt(Math.max(0, n * sumSq - sum * sum)) / n;
  return { criterion, weight, mean: ratio2(sum, n), min, max, spread: max - min, stdDev: round2(stdDev) };
}

/**
 * Summary of the reviews of a case. `weightedAverage` is the mean of each review's
 * `weightedScore` (rounded to 2 decimals).
 *
 * With no review: `reviewCount` 0, `weightedAverage` null, every criterion with mean, min, max,
 * spread and stdDev all 0 (no data, not a score of 0), every recommendation counted 0 and no
 * disagreement.
 */
export function scoreSummary(reviews: { scores: Scores; recommendation: Recommendation }[], weights: Weights): ScoreSummary {
  const recommendations = Object.fromEntries(RECOMMENDATIONS.map((r) => [r, 0])) as Record<Recommendation, number>;
  for (const r of reviews) recommendations[r.recommendation] += 1;

  const criteria = CRITERIA.map((c) => spreadOf(c, weights[c], reviews.map((r) => r.scores[c])));

  // Each weightedScore has 2 decimals: sum them as integer hundredths to avoid float drift.
  const hundredths = reviews.reduce((sum, r) => sum + Math.round(weightedScore(r.scores, weights) * 100), 0);
  const weightedAverage = reviews.length === 0 ? null : ratio2(hundredths, reviews.length * 100);

  return {
    reviewCount: reviews.length,
    weightedAverage,
    criteria,
    recommendations,
    disagreement: criteria.filter((c) => c.spread >= DISAGREEMENT_SPREAD).map((c) => c.criterion),
  };
}
