import { v5 as uuidv5 } from 'uuid';
import * as contracts from '@poleflow/contracts';
import { FUNDER_SEEDS } from '../funders/funders.data.js';
import { POLE_RECORDS, poleSeedOf } from '../poles/pole.source.js';
import { FUNDER_NAMESPACE, POLE_NAMESPACE, funderIdOf, poleIdOf } from './ids.js';

// The namespaces directory defined before they moved to libs/contracts. Ids are referenced by events and by
// every service's data: they must never change.
const POLE_NS = '6f1c0b7e-3f4a-5d2b-9c8e-1a2b3c4d5e6f';
const FUNDER_NS = '0e9d8c7b-6a59-5483-b726-15f4e3d2c1b0';

describe('reference ids', () => {
  it('are the contracts ones, re-exported', () => {
    expect([POLE_NAMESPACE, FUNDER_NAMESPACE]).toEqual([POLE_NS, FUNDER_NS]);
    expect(poleIdOf).toBe(contracts.poleIdOf);
    expect(funderIdOf).toBe(contracts.funderIdOf);
  });

  it('are unchanged: the ids seeded before the move', () => {
    expect(poleIdOf('aerospace-valley')).toBe('8d97404d-f30c-5443-bd34-7597cf7fde3e');
    expect(poleIdOf('systematic-paris-region')).toBe('f758ea2c-09a9-579b-af20-905d88fc767c');
    expect(funderIdOf('bpifrance')).toBe('c4ed7842-7859-5b42-94d1-0b73d457cc18');
    expect(funderIdOf('anr')).toBe('2c848644-9c8b-5203-b191-7a50e6ab59c9');
    expect(funderIdOf('region-occitanie')).toBe('044ad734-7caa-5fa8-96f0-ad4fc514ac32');
    for (const s of POLE_RECORDS.map(poleSeedOf)) expect(s.id).toBe(uuidv5(s.slug, POLE_NS));
    for (const { slug } of FUNDER_SEEDS) expect(funderIdOf(slug)).toBe(uuidv5(slug, FUNDER_NS));
  });
});
