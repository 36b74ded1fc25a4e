/*
 * Technology Readiness Levels, EU scale of Horizon 2020 General Annex G (also used in Horizon
 * Europe) — DOMAIN.md §6.1. The GBER does not define research categories by TRL.
 */

export type Trl = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const TRL_LEVELS: readonly { level: Trl; definition: string }[] = Object.freeze([
  { level: 1, definition: 'basic principles observed' },
  { level: 2, definition: 'technology concept formulated' },
  { level: 3, definition: 'experimental proof of concept' },
  { level: 4, definition: 'technology validated in lab' },
  { level: 5, definition: 'technology validated in relevant environment' },
  { level: 6, definition: 'technology demonstrated in relevant environment' },
  { level: 7, definition: 'system prototype demonstration in operational environment' },
  { level: 8, definition: 'system complete and qualified' },
  { level: 9, definition: 'actual system proven in operational environment' },
]);

/** True for the integers 1..9. */
export function isTrl(n: unknown): n is Trl {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 9;
}

export function trlDefinition(level: Trl): string {
  return TRL_LEVELS[level - 1].definition;
}
