import { DomainError } from '../domain-error.js';
import {
  assertNoConflictOfInterest, conflictsOfInterest, type ConflictOfInterest, type ConsortiumMember, type ReviewerTies,
} from './conflict.js';

const airbusToulouse: ConsortiumMember = { organisationId: 'org-airbus-tls', siren: '383474814', name: 'Airbus (Toulouse)' };
const airbusNantes: ConsortiumMember = { organisationId: 'org-airbus-nts', siren: '383474814', name: 'Airbus (Nantes)' };
const onera: ConsortiumMember = { organisationId: 'org-onera', siren: '775722879', name: 'ONERA' };
const laas: ConsortiumMember = { organisationId: 'org-laas', siren: '', name: 'LAAS-CNRS' };

const reviewer = (...organisations: ReviewerTies['organisations']): ReviewerTies => ({ userId: 'user-1', organisations });

describe('conflictsOfInterest', () => {
  it.each<[string, ReviewerTies, ConsortiumMember[], ConflictOfInterest[]]>([
    ['no tie at all', reviewer(), [airbusToulouse, onera], []],
    ['ties elsewhere', reviewer({ organisationId: 'org-thales', siren: '552059024' }), [airbusToulouse, onera], []],
    ['same organisation', reviewer({ organisationId: 'org-onera', siren: '775722879' }), [airbusToulouse, onera],
      [{ organisationId: 'org-onera', name: 'ONERA', basis: 'same_organisation' }]],
    ['same organisation, reviewer tie without SIREN', reviewer({ organisationId: 'org-laas', siren: null }), [laas],
      [{ organisationId: 'org-laas', name: 'LAAS-CNRS', basis: 'same_organisation' }]],
    ['another establishment of the same company', reviewer({ organisationId: 'org-airbus-nts', siren: '383474814' }), [airbusToulouse, onera],
      [{ organisationId: 'org-airbus-tls', name: 'Airbus (Toulouse)', basis: 'same_company_group' }]],
    ['SIREN written with spaces', reviewer({ organisationId: 'org-airbus-other', siren: '383 474 814' }), [airbusToulouse],
      [{ organisationId: 'org-airbus-tls', name: 'Airbus (Toulouse)', basis: 'same_company_group' }]],
    ['both establishments in the consortium: one of each basis, in consortium order',
      reviewer({ organisationId: 'org-airbus-nts', siren: '383474814' }), [airbusToulouse, onera, airbusNantes],
      [
        { organisationId: 'org-airbus-tls', name: 'Airbus (Toulouse)', basis: 'same_company_group' },
        { organisationId: 'org-airbus-nts', name: 'Airbus (Nantes)', basis: 'same_organisation' },
      ]],
    ['several ties', reviewer({ organisationId: 'org-onera', siren: null }, { organisationId: 'org-x', siren: '383474814' }),
      [airbusToulouse, onera],
      [
        { organisationId: 'org-airbus-tls', name: 'Airbus (Toulouse)', basis: 'same_company_group' },
        { organisationId: 'org-onera', name: 'ONERA', basis: 'same_organisation' },
      ]],
    ['a null SIREN matches no one', reviewer({ organisationId: 'org-y', siren: null }), [laas, airbusToulouse], []],
    ['an empty SIREN matches no one', reviewer({ organisationId: 'org-y', siren: '' }), [laas], []],
    ['a member listed twice is reported once', reviewer({ organisationId: 'org-onera', siren: null }), [onera, onera],
      [{ organisationId: 'org-onera', name: 'ONERA', basis: 'same_organisation' }]],
    ['empty consortium', reviewer({ organisationId: 'org-onera', siren: '775722879' }), [], []],
  ])('%s', (_label, r, consortium, expected) => {
    expect(conflictsOfInterest(r, consortium)).toEqual(expected);
  });
});

describe('assertNoConflictOfInterest', () => {
  it('returns when there is no conflict', () => {
    expect(assertNoConflictOfInterest(reviewer({ organisationId: 'org-thales', siren: '552059024' }), [airbusToulouse, onera])).toBeUndefined();
  });

  it('throws 409 CONFLICT_OF_INTEREST naming every organisation', () => {
    const r = reviewer({ organisationId: 'org-onera', siren: null }, { organisationId: 'org-airbus-nts', siren: '383474814' });
    let caught: unknown;
    try {
      assertNoConflictOfInterest(r, [airbusToulouse, onera]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      code: 'CONFLICT_OF_INTEREST',
      status: 409,
      message: 'the reviewer has a conflict of interest with Airbus (Toulouse) (same SIREN), ONERA (same organisation)',
      details: {
        conflicts: [
          { organisationId: 'org-airbus-tls', name: 'Airbus (Toulouse)', basis: 'same_company_group' },
          { organisationId: 'org-onera', name: 'ONERA', basis: 'same_organisation' },
        ],
      },
    });
  });
});
