/*
 * Input validation of the GBER engine: every bad field of a GberInput, thrown at once as
 * INVALID_GBER_INPUT (400).
 */

import { RESEARCH_CATEGORIES } from '../budget.js';
import { DomainError } from '../domain-error.js';
import type { PartnerKind } from '../project.machine.js';
import { SIZE_EU_VALUES, type SizeEu } from '../size-category.js';
import { GBER_RULE_VERSIONS } from './gber.data.js';
import { FULL_BPS } from './gber.format.js';
import type { GberInput, SchemeRateClass } from './gber.js';

const PARTNER_KINDS: readonly PartnerKind[] = ['company', 'research_organisation', 'training_body'];
const SCHEME_RATE_CLASSES: readonly SchemeRateClass[] = ['small', 'medium', 'large', 'research_organisation'];

export function validate(input: GberInput): void {
  const errors: { path: string; message: string }[] = [];
  const cents = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

  if (input.ruleVersion !== undefined && !(GBER_RULE_VERSIONS as readonly string[]).includes(input.ruleVersion)) {
    errors.push({ path: 'ruleVersion', message: `unknown GBER rule version ${JSON.stringify(input.ruleVersion)}; known: ${GBER_RULE_VERSIONS.join(', ')}` });
  }
  if (!Array.isArray(input.partners)) {
    errors.push({ path: 'partners', message: 'must be an array' });
  } else {
    const ids = new Set<string>();
    let total = 0;
    input.partners.forEach((p, i) => {
      const at = `partners[${i}]`;
      if (typeof p.id !== 'string' || p.id === '') errors.push({ path: `${at}.id`, message: 'must be a non-empty string' });
      else if (ids.has(p.id)) errors.push({ path: `${at}.id`, message: `duplicate partner id ${p.id}` });
      else ids.add(p.id);
      if (!PARTNER_KINDS.includes(p.kind)) errors.push({ path: `${at}.kind`, message: `must be one of ${PARTNER_KINDS.join(', ')}` });
      if (p.kind === 'company' && !SIZE_EU_VALUES.includes(p.sizeEu as SizeEu)) {
        errors.push({ path: `${at}.sizeEu`, message: `a company needs its EU size class (${SIZE_EU_VALUES.join(', ')})` });
      }
      if (p.costsCents === null || typeof p.costsCents !== 'object') {
        errors.push({ path: `${at}.costsCents`, message: 'must be an object of cents per research category' });
        return;
      }
      for (const [key, value] of Object.entries(p.costsCents)) {
        if (!(RESEARCH_CATEGORIES as readonly string[]).includes(key)) errors.push({ path: `${at}.costsCents.${key}`, message: 'unknown research category' });
        else if (value !== undefined && !cents(value)) errors.push({ path: `${at}.costsCents.${key}`, message: 'must be a non-negative integer amount of cents' });
        else total += value ?? 0;
      }
    });
    if (!Number.isSafeInteger(total)) errors.push({ path: 'partners', message: 'total eligible costs exceed the safe integer range' });
  }
  for (const [cls, rates] of Object.entries(input.scheme?.bySize ?? {})) {
    if (!(SCHEME_RATE_CLASSES as readonly string[]).includes(cls)) {
      errors.push({ path: `scheme.bySize.${cls}`, message: `unknown rate class; known: ${SCHEME_RATE_CLASSES.join(', ')}` });
      continue;
    }
    for (const [key, bps] of Object.entries(rates ?? {})) {
      const path = `scheme.bySize.${cls}.${key}`;
      if (!(RESEARCH_CATEGORIES as readonly string[]).includes(key)) errors.push({ path, message: 'unknown research category' });
      else if (bps !== undefined && (!Number.isInteger(bps) || bps < 0 || bps > FULL_BPS)) errors.push({ path, message: 'must be an integer number of basis points between 0 and 10000' });
    }
  }
  if (errors.length > 0) throw new DomainError('INVALID_GBER_INPUT', 'invalid GBER input', 400, { errors });
}
