import { randomUUID } from 'node:crypto';
import type { EventPayload } from '@poleflow/contracts';
import { as, consortium, deliver, envelope, manager, publishPole, snapshot, startLabelling, submit, type Harness } from '../../test/harness.js';

/** The lead-partner membership admissibility check, fed by network's `membership.*` events. */
describe('labelling: lead partner membership check', () => {
  let h: Harness;
  beforeAll(async () => { h = await startLabelling('labelling-membership'); });
  afterAll(async () => h?.close());

  const membership = (poleId: string, organisationId: string, membershipId = randomUUID()) => ({
    membershipId, poleId, organisationId, organisationName: 'Aerolab', startsOn: '2026-01-01', endsOn: '2026-12-31', feeCents: 90_000, feeClass: 'PME' as const,
  });
  const network = <T extends 'membership.accepted' | 'membership.left' | 'membership.requirement_changed'>(type: T, payload: EventPayload<T>, streamId: string, sequence = 1) =>
    deliver(h.app, envelope(type, payload, { streamId, sequence, source: 'network' }));

  async function checksOf(poleId: string): Promise<Record<string, { passed: boolean; reason: string }>> {
    const s = snapshot([poleId], consortium());
    await submit(h.app, s);
    const [c] = (await as(h.app, manager(poleId)).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    const full = (await as(h.app, manager(poleId)).get(`/api/v1/cases/${c.id}`).expect(200)).body;
    return Object.fromEntries(full.checks.map((x: { key: string; passed: boolean; reason: string }) => [x.key, { passed: x.passed, reason: x.reason }]));
  }

  it('adds no check for a pole that does not require membership', async () => {
    const pole = await publishPole(h.app, { name: 'Free Pole', code: 'FP' });
    expect(Object.keys(await checksOf(pole.poleId))).toEqual(['theme_fit', 'collaborative_consortium', 'partner_share', 'regional_presence']);
  });

  it('fails for a non-member lead partner, passes once it is a member, fails again after it left', async () => {
    const pole = await publishPole(h.app, { name: 'Members Pole', code: 'MP' });
    await network('membership.requirement_changed', { poleId: pole.poleId, leadMembershipRequired: true }, pole.poleId);
    const first = await checksOf(pole.poleId);
    expect(first.lead_membership).toEqual({ passed: false, reason: 'the lead partner Aerolab is not a member of Members Pole, which requires it' });

    // consortium() makes new organisation ids each time: the snapshot is built first, its coordinator joins the pole.
    const s = snapshot([pole.poleId], consortium());
    const coordinator = s.partners.find((p) => p.role === 'coordinator')!.organisationId;
    const m = membership(pole.poleId, coordinator);
    await network('membership.accepted', m, m.membershipId);
    await submit(h.app, s);
    const [c] = (await as(h.app, manager(pole.poleId)).get(`/api/v1/cases?projectId=${s.projectId}`).expect(200)).body.items;
    const checks = (await as(h.app, manager(pole.poleId)).get(`/api/v1/cases/${c.id}`).expect(200)).body.checks;
    expect(checks.find((x: { key: string }) => x.key === 'lead_membership')).toMatchObject({ passed: true });

    // An older membership's end does not undo the current one; the current one's end does.
    const older = membership(pole.poleId, coordinator);
    await network('membership.left', { membershipId: older.membershipId, poleId: pole.poleId, organisationId: coordinator, organisationName: 'Aerolab', reason: null }, older.membershipId);
    await network('membership.left', { membershipId: m.membershipId, poleId: pole.poleId, organisationId: coordinator, organisationName: 'Aerolab', reason: null }, m.membershipId, 2);
    const again = snapshot([pole.poleId], consortium());
    again.partners[0] = { ...again.partners[0], organisationId: coordinator };
    await submit(h.app, again);
    const [c2] = (await as(h.app, manager(pole.poleId)).get(`/api/v1/cases?projectId=${again.projectId}`).expect(200)).body.items;
    const after = (await as(h.app, manager(pole.poleId)).get(`/api/v1/cases/${c2.id}`).expect(200)).body.checks;
    expect(after.find((x: { key: string }) => x.key === 'lead_membership')).toMatchObject({ passed: false });
  });
});
