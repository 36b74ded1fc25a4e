import { v5 as uuidv5 } from 'uuid';

/*
 * Reference data (poles, funders) has deterministic ids: uuid v5 of its slug in a fixed namespace, so every
 * environment, every re-seed and every service's fixtures agree on the id of "aerospace-valley" or
 * "bpifrance" without a lookup. Never change these namespaces: ids are referenced by events.
 */
export const POLE_NAMESPACE = '6f1c0b7e-3f4a-5d2b-9c8e-1a2b3c4d5e6f';
export const FUNDER_NAMESPACE = '0e9d8c7b-6a59-5483-b726-15f4e3d2c1b0';

export const poleIdOf = (slug: string): string => uuidv5(slug, POLE_NAMESPACE);
export const funderIdOf = (slug: string): string => uuidv5(slug, FUNDER_NAMESPACE);
