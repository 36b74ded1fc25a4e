import type { Principal } from './principal.js';
import { applyStanding, type Standing } from './standing.js';

const pole = '9a4c2b1e-7d3f-4c8a-b1e2-3f4a5b6c7d8e';
const org = 'f7c1b7de-3d1a-4a7e-9f52-2b5b9a4a1c01';
const claims: Principal = {
  userId: '0b5e2c1c-93c4-4d3e-8a43-7f0f4a8d6a10', email: 'r@x.test', roles: ['admin', 'reviewer'], organisationIds: [], poles: [{ poleId: pole, role: 'reviewer' }], funderIds: [],
};
const standing = (s: Partial<Standing>): Standing => ({
  accountId: claims.userId, version: 5, status: 'active', roles: ['applicant'], orgs: [org], poles: [], funders: [], minTokenVersion: 0, ...s,
});

describe('applyStanding', () => {
  it('trusts the claims when no standing was ever published, except on admin routes', () => {
    expect(applyStanding(claims, 0, null)).toEqual({ ok: true, principal: claims });
    expect(applyStanding(claims, 3, null, { required: true })).toEqual({ ok: false, code: 'ACCOUNT_UNKNOWN' });
    expect(applyStanding(claims, 3, standing({ version: 2 }), { required: true }).ok).toBe(true);
  });

  it('replaces roles and affiliations with a standing at least as recent as the token', () => {
    expect(applyStanding(claims, 5, standing({}))).toEqual({
      ok: true, principal: { ...claims, roles: ['applicant'], organisationIds: [org], poles: [], funderIds: [] },
    });
  });

  it('keeps the claims of a token minted after a change whose event is still on its way', () => {
    expect(applyStanding(claims, 6, standing({ status: 'disabled' }))).toEqual({ ok: true, principal: claims });
  });

  it.each([
    ['a disabled account', 5, { status: 'disabled' as const }, 'ACCOUNT_DISABLED'],
    ['a token minted before a revocation', 3, { minTokenVersion: 4 }, 'TOKEN_REVOKED'],
    ['a token without a version (older than standings)', 0, { minTokenVersion: 1 }, 'TOKEN_REVOKED'],
  ])('refuses %s', (_, ver, s, code) => {
    expect(applyStanding(claims, ver, standing(s))).toEqual({ ok: false, code });
  });

  it('accepts the token of the session answered with the revocation (same version)', () => {
    expect(applyStanding(claims, 4, standing({ version: 4, minTokenVersion: 4 })).ok).toBe(true);
  });
});
