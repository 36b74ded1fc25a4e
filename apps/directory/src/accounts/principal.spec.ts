import { principalFor } from './principal.js';

const account = { id: '0b5e2c1c-93c4-4d3e-8a43-7f0f4a8d6a10', email: 'a@x.test', isAdmin: false };
const org = 'f7c1b7de-3d1a-4a7e-9f52-2b5b9a4a1c01';
const pole = '9a4c2b1e-7d3f-4c8a-b1e2-3f4a5b6c7d8e';
const funder = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('principalFor', () => {
  it.each([
    ['no affiliation, not admin', false, [], []],
    ['admin flag only', true, [], ['admin']],
    ['organisation member', false, [{ kind: 'organisation', targetId: org, role: 'member' }], ['applicant']],
    ['pole reviewer and manager, funder officer', false, [
      { kind: 'pole', targetId: pole, role: 'reviewer' },
      { kind: 'pole', targetId: pole, role: 'pole_manager' },
      { kind: 'funder', targetId: funder, role: 'funder_officer' },
    ], ['pole_manager', 'reviewer', 'funder_officer']],
  ] as const)('%s', (_, isAdmin, affiliations, roles) => {
    expect(principalFor({ ...account, isAdmin }, [...affiliations]).roles).toEqual(roles);
  });

  it('lists organisations, poles and funders once each', () => {
    const p = principalFor(account, [
      { kind: 'organisation', targetId: org, role: 'member' },
      { kind: 'pole', targetId: pole, role: 'reviewer' },
      { kind: 'funder', targetId: funder, role: 'funder_officer' },
    ]);
    expect(p).toEqual({
      userId: account.id, email: account.email, roles: ['reviewer', 'funder_officer', 'applicant'],
      organisationIds: [org], poles: [{ poleId: pole, role: 'reviewer' }], funderIds: [funder],
    });
  });

  it('ignores a role that does not fit its kind', () => {
    expect(principalFor(account, [{ kind: 'funder', targetId: funder, role: 'reviewer' }]).roles).toEqual([]);
  });
});
