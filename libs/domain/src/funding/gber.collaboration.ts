/*
 * GBER art. 25(6)(b) collaboration bonus: which of its conditions hold for a consortium, with
 * one reason per condition.
 */

import { RESEARCH_CATEGORIES } from '../budget.js';
import type { SizeEu } from '../size-category.js';
import type { GberRuleSet } from './gber.data.js';
import { above, atLeast, joinNames, pct, share } from './gber.format.js';
import type { GberPartner } from './gber.js';

export const isResearchOrganisation = (p: GberPartner): boolean => p.kind === 'research_organisation' || p.kind === 'training_body';
const isSme = (s: SizeEu | null): boolean => s === 'micro' || s === 'small' || s === 'medium';

export interface CollaborationCheck {
  applies: boolean;
  reasons: string[];
  /** short wording of the first condition that holds, for the bonus reason */
  basis: string;
}

function partnerCosts(p: GberPartner): number {
  let sum = 0;
  for (const c of RESEARCH_CATEGORIES) sum += p.costsCents[c] ?? 0;
  return sum;
}

/**
 * Art. 25(6)(b), labelled as in DOMAIN.md §4.3 (the regulation puts the first two under its point (i)):
 * (i) effective collaboration between undertakings, at least one an SME, none bearing more than
 * 70 % of the project's eligible costs; (ii) effective collaboration of an undertaking with research
 * organisations (or training bodies acting as such) that have the right to publish and bear
 * together at least 10 %; (iii) wide dissemination of the results (needs no partner).
 */
export function checkCollaboration(rules: GberRuleSet, partners: GberPartner[], wideDissemination: boolean): CollaborationCheck {
  const { maxSingleUndertakingShareBps: maxShare, minResearchOrganisationShareBps: minLab } = rules.collaboration;
  const costs = new Map(partners.map((p) => [p.id, partnerCosts(p)]));
  const total = partners.reduce((s, p) => s + (costs.get(p.id) ?? 0), 0);
  const of = (p: GberPartner): number => costs.get(p.id) ?? 0;
  const companies = partners.filter((p) => p.kind === 'company');
  const labs = partners.filter(isResearchOrganisation);
  const reasons: string[] = [];
  const holding: string[] = [];

  // (i) between undertakings
  const problemsI: string[] = [];
  if (partners.length < 2) problemsI.push(`effective collaboration needs at least two partners; the project has ${partners.length}`);
  else if (companies.length < 2) {
    problemsI.push(`effective collaboration between undertakings needs at least two companies; the project has ${companies.length}${companies.length === 1 ? ` (${companies[0].name})` : ''}`);
  } else {
    if (!companies.some((p) => isSme(p.sizeEu))) problemsI.push(`no SME among the companies (${companies.map((p) => `${p.name}: ${p.sizeEu}`).join(', ')})`);
    if (total === 0) problemsI.push('the project has no eligible costs');
    else {
      for (const p of companies) {
        if (above(of(p), total, maxShare)) problemsI.push(`${p.name} bears ${share(of(p), total, maxShare)} of the project's eligible costs, more than ${pct(maxShare)}`);
      }
    }
  }
  if (problemsI.length === 0) {
    const smes = companies.filter((p) => isSme(p.sizeEu)).map((p) => `${p.name} (${p.sizeEu})`);
    const largest = companies.reduce((a, b) => (of(b) > of(a) ? b : a));
    reasons.push(
      `(i) holds: effective collaboration between ${companies.length} companies including the SME${smes.length > 1 ? 's' : ''} ${joinNames(smes)}; ` +
        `the largest share is ${largest.name} with ${share(of(largest), total, maxShare)} of the project's eligible costs (at most ${pct(maxShare)})`,
    );
    holding.push('collaboration between undertakings including an SME');
  } else {
    reasons.push(`(i) fails: ${problemsI.join('; ')}`);
  }

  // (ii) with research organisations
  const publishing = labs.filter((p) => p.mayPublish === true);
  const silent = labs.filter((p) => p.mayPublish !== true);
  const labShare = publishing.reduce((s, p) => s + of(p), 0);
  const problemsII: string[] = [];
  if (partners.length < 2) problemsII.push(`effective collaboration needs at least two partners; the project has ${partners.length}`);
  else if (labs.length === 0) problemsII.push('no research organisation or training body among the partners');
  else if (companies.length === 0) problemsII.push('no undertaking (company) collaborates with the research organisations');
  else if (total === 0) problemsII.push('the project has no eligible costs');
  else if (!atLeast(labShare, total, minLab)) {
    problemsII.push(
      publishing.length === 0
        ? `no research organisation has the right to publish its results, so none counts towards the ${pct(minLab)} minimum`
        : `research organisations with the right to publish (${joinNames(publishing.map((p) => p.name))}) bear ${share(labShare, total, minLab)} of the project's eligible costs, less than ${pct(minLab)}`,
    );
  }
  const silentNote = silent.length > 0 && total > 0
    ? ` (not counted, no right to publish: ${silent.map((p) => `${p.name} ${share(of(p), total)}`).join(', ')})`
    : '';
  if (problemsII.length === 0) {
    const who = publishing.length === 1
      ? `research organisation ${publishing[0].name}, free to publish its results, bears`
      : `research organisations ${joinNames(publishing.map((p) => `${p.name} (${share(of(p), total)})`))}, free to publish their results, bear together`;
    reasons.push(`(ii) holds: ${who} ${share(labShare, total, minLab)} of the project's eligible costs (at least ${pct(minLab)})${silentNote}`);
    holding.push('collaboration with research organisations');
  } else {
    reasons.push(`(ii) fails: ${problemsII.join('; ')}${silentNote}`);
  }

  // (iii) wide dissemination
  if (wideDissemination) {
    reasons.push('(iii) holds: wide dissemination of the results declared (conferences, publications, open-access repositories or free/open-source software)');
    holding.push('wide dissemination of the results');
  } else {
    reasons.push('(iii) fails: no wide dissemination of the results declared');
  }

  return { applies: holding.length > 0, reasons, basis: holding[0] ?? '' };
}
