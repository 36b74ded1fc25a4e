/*
 * Reference data (poles, funders) gets deterministic ids: uuid v5 of its slug in a fixed namespace. Every
 * environment, every re-seed and every other service's fixtures therefore agree on the id of
 * "aerospace-valley" without a lookup. The namespaces and the functions live in libs/contracts (other
 * services derive the same ids); they are re-exported here so directory imports them from one place.
 */
export { FUNDER_NAMESPACE, POLE_NAMESPACE, funderIdOf, poleIdOf } from '@poleflow/contracts';

/** "Pôle européen de la céramique" → "pole-europeen-de-la-ceramique"; "Team²" → "team2". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
