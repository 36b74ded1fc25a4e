/** The parameters of each catalogue rule as the call editor types them, checked as typed, and turned into the API's rule. */
export const RATE_CLASSES = ['small', 'medium', 'large', 'research_organisation'] as const;
export type RuleDraft = { key: number; type: string; v: Record<string, string | string[]> };
type T = (k: string, o?: Record<string, unknown>) => string;

export const DEFAULTS: Record<string, Record<string, string | string[]>> = {
  min_partners: { min: '2' }, min_independent_companies: { min: '2' }, max_partner_share: { maxPct: '70' }, lead_in_regions: { regions: [] },
  trl_window: { min: '4', max: '7' }, budget_range: { min: '', max: '' },
  scheme_rates: { small: '', medium: '', large: '', research_organisation: '', bonus_small: '', bonus_medium: '', bonus_large: '', bonus_research_organisation: '' },
};

const num = (s: string | string[] | undefined): number | null => {
  if (typeof s !== 'string' || s.trim() === '') return null;
  const n = Number(s.replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(n) ? n : NaN;
};

function intIn(errors: Record<string, string>, k: string, s: string | string[] | undefined, min: number, max: number, t: T): number | null {
  const n = num(s);
  if (n === null) { errors[k] = t('funder.editor.err.required'); return null; }
  if (!Number.isInteger(n)) { errors[k] = t('funder.editor.err.int'); return null; }
  if (n < min || n > max) { errors[k] = max === Infinity ? t('funder.editor.err.atLeast', { min }) : t('funder.editor.err.between', { min, max }); return null; }
  return n;
}

/** Errors by parameter (empty when valid) and the rule as the API takes it. */
export function checkRule(r: RuleDraft, t: T): { errors: Record<string, string>; rule: Record<string, unknown> } {
  const e: Record<string, string> = {};
  const v = r.v;
  switch (r.type) {
    case 'min_partners':
    case 'min_independent_companies':
      return { errors: e, rule: { type: r.type, min: intIn(e, 'min', v.min, 1, Infinity, t) } };
    case 'max_partner_share':
      return { errors: e, rule: { type: r.type, maxPct: intIn(e, 'maxPct', v.maxPct, 1, 100, t) } };
    case 'lead_in_regions':
      if (!(v.regions as string[]).length) e.regions = t('funder.editor.err.regions');
      return { errors: e, rule: { type: r.type, regions: v.regions } };
    case 'trl_window': {
      const min = intIn(e, 'min', v.min, 1, 9, t);
      const max = intIn(e, 'max', v.max, 1, 9, t);
      if (min !== null && max !== null && min > max) e.max = t('funder.editor.err.minMax', { min });
      return { errors: e, rule: { type: r.type, min, max } };
    }
    case 'budget_range': {
      const min = num(v.min);
      const max = num(v.max);
      if (min === null && max === null) e.min = t('funder.editor.err.budget');
      if (min !== null && (Number.isNaN(min) || min < 0)) e.min = t('funder.editor.err.atLeast', { min: 0 });
      if (max !== null && (Number.isNaN(max) || max < 0)) e.max = t('funder.editor.err.atLeast', { min: 0 });
      if (!e.min && !e.max && min !== null && max !== null && min > max) e.max = t('funder.editor.err.minMax', { min: min.toLocaleString('fr-FR') });
      return { errors: e, rule: { type: r.type, ...(min !== null ? { minCents: Math.round(min * 100) } : {}), ...(max !== null ? { maxCents: Math.round(max * 100) } : {}) } };
    }
    case 'scheme_rates': {
      const rates: Record<string, number> = {};
      const bonus: Record<string, number> = {};
      for (const c of RATE_CLASSES) {
        const rate = num(v[c]);
        const b = num(v[`bonus_${c}`]);
        if (rate !== null) {
          if (Number.isNaN(rate) || rate < 0 || rate > 100) e[c] = t('funder.editor.err.between', { min: 0, max: 100 });
          else rates[c] = Math.round(rate * 100);
        }
        if (b !== null) {
          if (Number.isNaN(b) || b < 0 || b > 100) e[`bonus_${c}`] = t('funder.editor.err.between', { min: 0, max: 100 });
          else if (rate === null) e[`bonus_${c}`] = t('funder.editor.err.bonusNeedsRate');
          else if (!e[c] && rate + b > 100) e[`bonus_${c}`] = t('funder.editor.err.rateBonus', { sum: rate + b });
          else bonus[c] = Math.round(b * 100);
        }
      }
      if (!Object.keys(rates).length && !e.small) e.small = t('funder.editor.err.rates');
      return { errors: e, rule: { type: r.type, rates, ...(Object.keys(bonus).length ? { labelBonus: bonus } : {}) } };
    }
    default:
      return { errors: e, rule: { type: r.type } };
  }
}
