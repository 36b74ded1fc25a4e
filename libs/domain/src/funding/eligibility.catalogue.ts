/*
 * The catalogue of eligibility rules a funder can pick for a call: a title and a description per
 * rule type, in French and English, in the order of ELIGIBILITY_RULE_TYPES.
 */

import type { Text } from './bilingual.js';
import { ELIGIBILITY_RULE_TYPES, type EligibilityRuleType } from './eligibility.js';

const CATALOGUE: Record<EligibilityRuleType, { title: Text; description: Text }> = {
  label_required: {
    title: { fr: 'Label de pôle requis', en: 'Pole label required' },
    description: {
      fr: "À la date de la demande, le projet détient un label actif et non expiré d'un pôle de compétitivité (de n'importe quel pôle ou de l'un des pôles listés). Exemple : FUI.",
      en: 'At the application date, the project holds an active, unexpired label from a competitiveness pole (any pole, or one of the listed poles). Example: FUI.',
    },
  },
  min_partners: {
    title: { fr: 'Nombre minimal de partenaires', en: 'Minimum number of partners' },
    description: {
      fr: 'Le consortium compte au moins le nombre de partenaires indiqué.',
      en: 'The consortium has at least the given number of partners.',
    },
  },
  min_independent_companies: {
    title: { fr: 'Entreprises indépendantes', en: 'Independent companies' },
    description: {
      fr: "Le consortium compte au moins le nombre indiqué d'entreprises de SIREN distincts (deux établissements d'une même entreprise comptent pour une ; les liens de groupe entre SIREN distincts ne sont pas vérifiés). Exemple : FUI, PSPC-Régions, i-Démo régionalisé : au moins 2.",
      en: 'The consortium has at least the given number of companies with distinct SIRENs (two establishments of one company count once; group links between distinct SIRENs are not checked). Example: FUI, PSPC-Régions, regionalised i-Démo: at least 2.',
    },
  },
  sme_or_eti_required: {
    title: { fr: 'PME ou ETI requise', en: 'SME or mid-cap (ETI) required' },
    description: {
      fr: 'Au moins une entreprise du consortium est une TPE, une PME ou une ETI (ou une micro, petite ou moyenne entreprise au sens européen). Exemple : PSPC-Régions, i-Démo.',
      en: 'At least one company of the consortium is a French TPE, PME or ETI (or an EU micro, small or medium-sized enterprise). Example: PSPC-Régions, i-Démo.',
    },
  },
  research_organisation_required: {
    title: { fr: 'Organisme de recherche requis', en: 'Research organisation required' },
    description: {
      fr: 'Au moins un partenaire est un organisme de recherche (laboratoire public ou privé) ; les organismes de formation ne comptent pas. Exemple : PSPC-Régions, i-Démo régionalisé.',
      en: 'At least one partner is a research organisation (public or private laboratory); training bodies do not count. Example: PSPC-Régions, regionalised i-Démo.',
    },
  },
  company_coordinator: {
    title: { fr: 'Coordinateur entreprise', en: 'Company coordinator' },
    description: {
      fr: 'Le coordinateur (chef de file) du projet est une entreprise ; un organisme de recherche ne peut pas porter le projet. Exemple : FUI, PSPC-Régions, i-Démo.',
      en: 'The project coordinator (lead partner) is a company; a research organisation cannot lead. Example: FUI, PSPC-Régions, i-Démo.',
    },
  },
  max_partner_share: {
    title: { fr: "Part maximale d'un partenaire", en: 'Maximum partner share' },
    description: {
      fr: 'Aucun partenaire ne porte plus du pourcentage indiqué des coûts totaux du projet (exactement ce pourcentage est accepté). Exemple : FUI, 70 %.',
      en: "No partner bears more than the given percentage of the project's total costs (exactly that percentage is accepted). Example: FUI, 70 %.",
    },
  },
  lead_in_regions: {
    title: { fr: 'Coordinateur dans les régions du financeur', en: "Coordinator in the funder's regions" },
    description: {
      fr: "Le coordinateur est situé dans l'une des régions indiquées (accents et casse ignorés). Exemple : aides régionales, i-Démo régionalisé.",
      en: 'The coordinator is located in one of the listed regions (accents and case ignored). Example: regional aid, regionalised i-Démo.',
    },
  },
  start_after_application: {
    title: { fr: 'Effet incitatif', en: 'Incentive effect' },
    description: {
      fr: "Le projet ne démarre pas avant la date de la demande d'aide (RGEC, art. 6) ; un démarrage le jour même est accepté.",
      en: 'The project does not start before the aid application date (GBER Art. 6); starting on the same day is accepted.',
    },
  },
  trl_window: {
    title: { fr: 'Fenêtre de maturité (TRL)', en: 'Maturity window (TRL)' },
    description: {
      fr: 'Le TRL de départ du projet est au moins le minimum et le TRL visé au plus le maximum (bornes incluses). Exemple : i-Démo, du TRL 4–6 au TRL 7–9.',
      en: "The project's starting TRL is at least the minimum and its target TRL at most the maximum (bounds included). Example: i-Démo, from TRL 4–6 to TRL 7–9.",
    },
  },
  budget_range: {
    title: { fr: 'Budget du projet', en: 'Project budget' },
    description: {
      fr: 'Le coût total du projet est compris dans la fourchette indiquée (bornes incluses). Exemple : PSPC-Régions, de 1 à 4 M€.',
      en: "The project's total cost is within the given range (bounds included). Example: PSPC-Régions, 1 to 4 M€.",
    },
  },
  scheme_rates: {
    title: { fr: "Taux d'aide du dispositif", en: 'Scheme aid rates' },
    description: {
      fr: "Taux d'aide maximaux du dispositif par catégorie de partenaire, avec un bonus éventuel pour les projets labellisés. Informatif pour l'éligibilité (toujours satisfait) ; plafond du dispositif pour le calcul RGEC. Exemple : PSPC-Régions, PME 35 % (50 % si labellisé).",
      en: 'Maximum aid rates of the scheme per partner class, with an optional bonus for labelled projects. Informational for eligibility (always passes); the scheme ceiling for the GBER computation. Example: PSPC-Régions, SME 35 % (50 % when labelled).',
    },
  },
};

export const RULE_CATALOGUE: readonly { type: EligibilityRuleType; title: { fr: string; en: string }; description: { fr: string; en: string } }[] =
  Object.freeze(ELIGIBILITY_RULE_TYPES.map((type) => Object.freeze({ type, ...CATALOGUE[type] })));
