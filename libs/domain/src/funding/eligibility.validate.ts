/*
 * Structural validation of a call's rule list (the shape validateRules accepts is the one
 * assessEligibility expects).
 */

import { ELIGIBILITY_RULE_TYPES, normaliseRegion, RATE_CLASSES, type EligibilityRuleType } from './eligibility.js';

function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}

type Issue = { path: string; message: string };

const ALLOWED_KEYS: Record<EligibilityRuleType, readonly string[]> = {
  label_required: ['poleIds'],
  min_partners: ['min'],
  min_independent_companies: ['min'],
  sme_or_eti_required: [],
  research_organisation_required: [],
  company_coordinator: [],
  max_partner_share: ['maxPct'],
  lead_in_regions: ['regions'],
  start_after_application: [],
  trl_window: ['min', 'max'],
  budget_range: ['minCents', 'maxCents'],
  scheme_rates: ['rates', 'labelBonus'],
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isRuleType = (v: unknown): v is EligibilityRuleType => typeof v === 'string' && (ELIGIBILITY_RULE_TYPES as readonly string[]).includes(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function checkInt(issues: Issue[], path: string, v: unknown, min: number, max: number, what: string): v is number {
  if (isInt(v) && v >= min && v <= max) return true;
  issues.push({ path, message: `must be ${what}` });
  return false;
}

/** A non-empty list of non-blank strings, without duplicates (compared by `key`). */
function checkStrings(issues: Issue[], path: string, v: unknown, what: string, key: (s: string) => string): void {
  if (!Array.isArray(v) || v.length === 0) {
    issues.push({ path, message: `must be a non-empty list of ${what}` });
    return;
  }
  const seen = new Map<string, number>();
  v.forEach((s: unknown, i) => {
    if (typeof s !== 'string' || s.trim() === '') {
      issues.push({ path: `${path}[${i}]`, message: 'must be a non-blank string' });
      return;
    }
    const k = key(s);
    const first = seen.get(k);
    if (first !== undefined) issues.push({ path: `${path}[${i}]`, message: `duplicates ${path}[${first}]` });
    else seen.set(k, i);
  });
}

function checkRates(issues: Issue[], path: string, v: unknown): Record<string, number> {
  const valid: Record<string, number> = {};
  if (!isRecord(v)) {
    issues.push({ path, message: `must be an object keyed by ${RATE_CLASSES.join(', ')}` });
    return valid;
  }
  for (const [k, bps] of Object.entries(v)) {
    if (!(RATE_CLASSES as readonly string[]).includes(k)) {
      issues.push({ path: `${path}.${k}`, message: `unknown class (expected one of ${RATE_CLASSES.join(', ')})` });
    } else if (checkInt(issues, `${path}.${k}`, bps, 0, 10_000, 'an integer number of basis points between 0 and 10000')) {
      valid[k] = bps;
    }
  }
  return valid;
}

function checkRule(issues: Issue[], p: string, type: EligibilityRuleType, r: Record<string, unknown>): void {
  switch (type) {
    case 'label_required':
      if (r.poleIds !== undefined) checkStrings(issues, `${p}.poleIds`, r.poleIds, 'pole ids (omit it to accept any pole)', (s) => s);
      return;
    case 'min_partners':
    case 'min_independent_companies':
      checkInt(issues, `${p}.min`, r.min, 1, Number.MAX_SAFE_INTEGER, 'an integer ≥ 1');
      return;
    case 'sme_or_eti_required':
    case 'research_organisation_required':
    case 'company_coordinator':
    case 'start_after_application':
      return;
    case 'max_partner_share':
      checkInt(issues, `${p}.maxPct`, r.maxPct, 1, 100, 'an integer percentage between 1 and 100');
      return;
    case 'lead_in_regions':
      checkStrings(issues, `${p}.regions`, r.regions, 'regions', normaliseRegion);
      return;
    case 'trl_window': {
      const okMin = checkInt(issues, `${p}.min`, r.min, 1, 9, 'an integer TRL between 1 and 9');
      const okMax = checkInt(issues, `${p}.max`, r.max, 1, 9, 'an integer TRL between 1 and 9');
      if (okMin && okMax && (r.min as number) > (r.max as number)) issues.push({ path: `${p}.max`, message: `must be at least min (${r.min as number})` });
      return;
    }
    case 'budget_range': {
      const what = 'a non-negative integer amount of cents';
      const okMin = r.minCents === undefined || checkInt(issues, `${p}.minCents`, r.minCents, 0, Number.MAX_SAFE_INTEGER, what);
      const okMax = r.maxCents === undefined || checkInt(issues, `${p}.maxCents`, r.maxCents, 0, Number.MAX_SAFE_INTEGER, what);
      if (r.minCents === undefined && r.maxCents === undefined) issues.push({ path: p, message: 'needs minCents, maxCents or both' });
      else if (okMin && okMax && r.minCents !== undefined && r.maxCents !== undefined && (r.minCents as number) > (r.maxCents as number)) {
        issues.push({ path: `${p}.maxCents`, message: `must be at least minCents (${r.minCents as number})` });
      }
      return;
    }
    case 'scheme_rates': {
      const rates = checkRates(issues, `${p}.rates`, r.rates);
      if (isRecord(r.rates) && Object.keys(r.rates).length === 0) issues.push({ path: `${p}.rates`, message: 'must set at least one rate' });
      if (r.labelBonus === undefined) return;
      const bonus = checkRates(issues, `${p}.labelBonus`, r.labelBonus);
      for (const [k, b] of Object.entries(bonus)) {
        const rate = rates[k];
        if (isRecord(r.rates) && r.rates[k] === undefined) issues.push({ path: `${p}.labelBonus.${k}`, message: `a label bonus needs a rate for ${k}` });
        else if (rate !== undefined && rate + b > 10_000) {
          issues.push({ path: `${p}.labelBonus.${k}`, message: `rate + label bonus must not exceed 10000 (${rate} + ${b})` });
        }
      }
      return;
    }
    default:
      assertNever(type);
  }
}

/**
 * Structural validation of a call's rule list: every issue, with paths like 'rules[2].maxPct';
 * an empty array means valid. Unknown properties are reported (a misspelt key would otherwise
 * silently drop a condition).
 */
export function validateRules(rules: unknown): { path: string; message: string }[] {
  const issues: Issue[] = [];
  if (!Array.isArray(rules)) return [{ path: 'rules', message: 'must be a list of rules' }];
  const firstOfType = new Map<string, number>();
  rules.forEach((r: unknown, i) => {
    const p = `rules[${i}]`;
    if (!isRecord(r)) {
      issues.push({ path: p, message: 'must be an object with a type' });
      return;
    }
    if (!isRuleType(r.type)) {
      issues.push({ path: `${p}.type`, message: `unknown rule type ${JSON.stringify(r.type)} (expected one of ${ELIGIBILITY_RULE_TYPES.join(', ')})` });
      return;
    }
    const first = firstOfType.get(r.type);
    if (first !== undefined) issues.push({ path: `${p}.type`, message: `duplicate rule type ${r.type} (already rules[${first}])` });
    else firstOfType.set(r.type, i);
    for (const k of Object.keys(r)) {
      if (k !== 'type' && !ALLOWED_KEYS[r.type].includes(k)) issues.push({ path: `${p}.${k}`, message: `unknown property of a ${r.type} rule` });
    }
    checkRule(issues, p, r.type, r);
  });
  return issues;
}
