/*
 * Partner budgets: eligible costs split by GBER research category (Reg. 651/2014 art. 2(84)-(87)
 * and art. 25: fundamental / industrial research, experimental development, feasibility studies)
 * and by cost type (art. 25(3): personnel, instruments & equipment, contract research /
 * subcontracting, overheads, other operating costs). Money is integer euro cents.
 */

export const COST_TYPES = ['personnel', 'equipment', 'subcontracting', 'overheads', 'other'] as const;
export type CostType = (typeof COST_TYPES)[number];

export const RESEARCH_CATEGORIES = ['fundamental', 'industrial', 'experimental', 'feasibility'] as const;
export type ResearchCategory = (typeof RESEARCH_CATEGORIES)[number];

export type PartnerBudget = Record<ResearchCategory, Record<CostType, number>>;
/** What callers may hand in: missing categories or cost types count as 0. */
export type PartnerBudgetInput = Partial<Record<ResearchCategory, Partial<Record<CostType, number>>>>;

export interface BudgetIssue {
  path: string;
  message: string;
}

function zeroByCostType(): Record<CostType, number> {
  return { personnel: 0, equipment: 0, subcontracting: 0, overheads: 0, other: 0 };
}

function zeroByCategory(): Record<ResearchCategory, number> {
  return { fundamental: 0, industrial: 0, experimental: 0, feasibility: 0 };
}

export function emptyBudget(): PartnerBudget {
  return {
    fundamental: zeroByCostType(),
    industrial: zeroByCostType(),
    experimental: zeroByCostType(),
    feasibility: zeroByCostType(),
  };
}

const amount = (b: PartnerBudgetInput, c: ResearchCategory, t: CostType): number => b[c]?.[t] ?? 0;

export function totalsByCategory(b: PartnerBudgetInput): Record<ResearchCategory, number> {
  const out = zeroByCategory();
  for (const c of RESEARCH_CATEGORIES) for (const t of COST_TYPES) out[c] += amount(b, c, t);
  return out;
}

export function totalsByCostType(b: PartnerBudgetInput): Record<CostType, number> {
  const out = zeroByCostType();
  for (const c of RESEARCH_CATEGORIES) for (const t of COST_TYPES) out[t] += amount(b, c, t);
  return out;
}

export function partnerTotal(b: PartnerBudgetInput): number {
  let sum = 0;
  for (const c of RESEARCH_CATEGORIES) for (const t of COST_TYPES) sum += amount(b, c, t);
  return sum;
}

export interface ConsortiumTotals {
  totalCents: number;
  /**
   * `sharePct` is the unrounded percentage of the consortium total (0 when the total is 0).
   * Compare cents, not rounded percentages, for hard caps such as "≤ 70 % per partner".
   */
  byPartner: { organisationId: string; totalCents: number; sharePct: number }[];
  byCategory: Record<ResearchCategory, number>;
}

export function consortiumTotals(partners: { organisationId: string; budget: PartnerBudgetInput }[]): ConsortiumTotals {
  const byCategory = zeroByCategory();
  const totals = partners.map((p) => {
    const cat = totalsByCategory(p.budget);
    for (const c of RESEARCH_CATEGORIES) byCategory[c] += cat[c];
    return { organisationId: p.organisationId, totalCents: partnerTotal(p.budget) };
  });
  const totalCents = totals.reduce((s, p) => s + p.totalCents, 0);
  return {
    totalCents,
    byPartner: totals.map((p) => ({ ...p, sharePct: totalCents === 0 ? 0 : (p.totalCents * 100) / totalCents })),
    byCategory,
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a budget received from outside (typed `unknown` on purpose): unknown category or
 * cost-type keys, negative, non-integer or non-numeric amounts. Paths look like
 * `industrial.personnel`. An empty array means valid.
 */
export function validateBudget(b: unknown): BudgetIssue[] {
  if (!isPlainObject(b)) return [{ path: '', message: 'the budget must be an object keyed by research category' }];
  const errors: BudgetIssue[] = [];
  for (const [c, costs] of Object.entries(b)) {
    if (!(RESEARCH_CATEGORIES as readonly string[]).includes(c)) {
      errors.push({ path: c, message: `unknown research category (expected one of ${RESEARCH_CATEGORIES.join(', ')})` });
      continue;
    }
    if (!isPlainObject(costs)) {
      errors.push({ path: c, message: 'must be an object keyed by cost type' });
      continue;
    }
    for (const [t, v] of Object.entries(costs)) {
      const path = `${c}.${t}`;
      if (!(COST_TYPES as readonly string[]).includes(t)) {
        errors.push({ path, message: `unknown cost type (expected one of ${COST_TYPES.join(', ')})` });
      } else if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
        errors.push({ path, message: 'must be an integer amount of cents' });
      } else if (v < 0) {
        errors.push({ path, message: 'must not be negative' });
      }
    }
  }
  return errors;
}
