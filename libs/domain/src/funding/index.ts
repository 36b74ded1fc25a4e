export * from './gber.js';
export {
  assessEligibility, ELIGIBILITY_RULE_TYPES, schemeRateBps, sizeClassOf,
  type ApplicationFacts, type EligibilityAssessment, type EligibilityRule, type EligibilityRuleType, type RuleOutcome,
} from './eligibility.js';
export { RULE_CATALOGUE } from './eligibility.catalogue.js';
export { validateRules } from './eligibility.validate.js';
export * from './grant.js';
