import { bps, euros } from './format';

type Rule = Record<string, unknown> & { type: string };
const RATE: Record<string, [string, string]> = {
  small: ['petite entreprise', 'small enterprise'], medium: ['moyenne entreprise', 'medium enterprise'],
  large: ['grande entreprise', 'large enterprise'], research_organisation: ['organisme de recherche', 'research organisation'],
};

/** A call's eligibility rule in words, with its parameters (a rule type the page does not know keeps its name). */
export function ruleWords(r: Rule, lang: string): string {
  const en = lang === 'en';
  const rates = (m: unknown) => Object.entries((m ?? {}) as Record<string, number>).map(([k, v]) => `${RATE[k]?.[en ? 1 : 0] ?? k} ${bps(v)}`).join(', ');
  switch (r.type) {
    case 'label_required': return en ? 'The project holds a valid label from a competitiveness cluster' : 'Le projet est labellisé par un pôle de compétitivité (label en cours de validité)';
    case 'min_partners': return en ? `At least ${r.min} partners` : `Au moins ${r.min} partenaires`;
    case 'min_independent_companies': return en ? `At least ${r.min} independent companies` : `Au moins ${r.min} entreprises indépendantes entre elles`;
    case 'sme_or_eti_required': return en ? 'At least one SME or mid-cap (ETI)' : 'Au moins une PME ou une ETI';
    case 'research_organisation_required': return en ? 'At least one research organisation' : 'Au moins un organisme de recherche';
    case 'company_coordinator': return en ? 'The coordinator is a company' : 'Le chef de file est une entreprise';
    case 'max_partner_share': return en ? `No partner holds more than ${r.maxPct} % of the budget` : `Aucun partenaire ne porte plus de ${r.maxPct} % du budget`;
    case 'lead_in_regions': return en ? `The coordinator is located in: ${(r.regions as string[]).join(', ')}` : `Le chef de file est implanté en : ${(r.regions as string[]).join(', ')}`;
    case 'start_after_application': return en ? 'The project starts after the application' : 'Le projet démarre après le dépôt de la candidature';
    case 'trl_window': return en ? `TRL between ${r.min} and ${r.max}` : `TRL compris entre ${r.min} et ${r.max}`;
    case 'budget_range': return en
      ? `Total budget ${r.minCents != null ? `from ${euros(r.minCents as number)}` : ''} ${r.maxCents != null ? `up to ${euros(r.maxCents as number)}` : ''}`.trim()
      : `Budget total ${r.minCents != null ? `d’au moins ${euros(r.minCents as number)}` : ''} ${r.maxCents != null ? `et au plus ${euros(r.maxCents as number)}` : ''}`.trim();
    case 'scheme_rates': return (en ? `Aid rates: ${rates(r.rates)}` : `Taux d’aide : ${rates(r.rates)}`)
      + (r.labelBonus ? (en ? `; with a label: + ${rates(r.labelBonus)}` : ` ; avec un label : + ${rates(r.labelBonus)}`) : '');
    default: return r.type;
  }
}
