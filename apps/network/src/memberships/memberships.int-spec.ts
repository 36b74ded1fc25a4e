import { Queue, type ConnectionOptions } from 'bullmq';
import { subscribersOf } from '@poleflow/contracts';
import { redisOptions, timerJobId, timerQueueName } from '@poleflow/messaging';
import { TEST_REDIS_URL, waitFor } from '@poleflow/testing';
import { addDaysIso, DEFAULT_FEE_GRID, todayIso } from './fees.js';
import { Membership } from './membership.entity.js';
import { as, poleManager, principal, startNetwork, type Harness } from '../../test/harness.js';
import { application, organisation, pole } from '../../test/fixtures.js';

async function outbox(h: Harness, streamId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const rows = await h.em().getConnection().execute<{ type: string; envelope: { payload: Record<string, unknown> } }[]>(
    `select type, envelope from network.outbox where stream_id = ? order by sequence`, [streamId],
  );
  return rows.map((r) => ({ type: r.type, payload: r.envelope.payload }));
}

describe('memberships', () => {
  let h: Harness;
  beforeAll(async () => { h = await startNetwork('network-memberships'); });
  afterAll(async () => { await h?.close(); });

  it('applies, is accepted with the fee of the pole\'s grid for its class, invoiced then paid, and leaves', async () => {
    const poleId = await pole(h.app);
    const eti = await organisation(h.app, { name: 'Airframer ETI', categoryFr: 'ETI' });
    const member = principal({ organisationIds: [eti] });
    const manager = poleManager(poleId);
    // The manager sets the grid first: the accepted year takes the fee of its class from it.
    const grid = { ...DEFAULT_FEE_GRID, ETI: 321_000 };
    await as(h.app, principal()).put(`/api/v1/poles/${poleId}/membership-fees`).send({ fees: grid, leadMembershipRequired: false }).expect(403);
    await as(h.app, manager).put(`/api/v1/poles/${poleId}/membership-fees`).send({ fees: { ...grid, GE: -1 }, leadMembershipRequired: false }).expect(422);
    await as(h.app, manager).put(`/api/v1/poles/${poleId}/membership-fees`).send({ fees: grid, leadMembershipRequired: true }).expect(200);
    expect((await as(h.app, null).get(`/api/v1/poles/${poleId}/membership-fees`).expect(200)).body).toMatchObject({ fees: grid, leadMembershipRequired: true, version: 1 });

    // Only a member of the organisation applies for it.
    await as(h.app, principal()).post('/api/v1/memberships').send(application(poleId, eti)).expect(403);
    const applied = (await as(h.app, member).post('/api/v1/memberships').send(application(poleId, eti)).expect(201)).body;
    expect(applied).toMatchObject({ status: 'applied', feeClass: 'ETI', currentFeeCents: 321_000, organisationName: 'Airframer ETI', poleName: 'Aerospace Valley' });
    expect((await as(h.app, member).post('/api/v1/memberships').send(application(poleId, eti)).expect(409)).body.code).toBe('MEMBERSHIP_EXISTS');

    // The member does not decide; a refusal needs a reason; the manager accepts.
    expect((await as(h.app, member).post(`/api/v1/memberships/${applied.id}/decision`).send({ decision: 'accepted' }).expect(403)).body.code).toBe('NOT_POLE_MANAGER');
    expect((await as(h.app, manager).post(`/api/v1/memberships/${applied.id}/decision`).send({ decision: 'refused' }).expect(422)).body.code).toBe('REASON_REQUIRED');
    const accepted = (await as(h.app, manager).post(`/api/v1/memberships/${applied.id}/decision`).send({ decision: 'accepted', startsOn: '2026-06-01' }).expect(200)).body;
    expect(accepted).toMatchObject({ status: 'active', endsOn: '2027-05-31', years: [{ startsOn: '2026-06-01', endsOn: '2027-05-31', feeClass: 'ETI', feeCents: 321_000, invoicedAt: null, paidAt: null }] });

    const invoiced = (await as(h.app, manager).post(`/api/v1/memberships/${applied.id}/invoice`).expect(200)).body;
    expect(invoiced.years[0].invoicedAt).not.toBeNull();
    expect((await as(h.app, manager).post(`/api/v1/memberships/${applied.id}/invoice`).expect(409)).body.code).toBe('ALREADY_INVOICED');
    const paid = (await as(h.app, manager).post(`/api/v1/memberships/${applied.id}/payment`).expect(200)).body;
    expect(paid.years[0].paidAt).not.toBeNull();

    // A later change of the grid applies to the next year, not to the year already running.
    await as(h.app, manager).put(`/api/v1/poles/${poleId}/membership-fees`).send({ fees: { ...grid, ETI: 400_000 }, leadMembershipRequired: true }).expect(200);
    const renewed = (await as(h.app, member).post(`/api/v1/memberships/${applied.id}/renewal`).expect(200)).body;
    expect(renewed.years.map((y: { startsOn: string; feeCents: number }) => [y.startsOn, y.feeCents])).toEqual([['2026-06-01', 321_000], ['2027-06-01', 400_000]]);
    expect((await as(h.app, member).post(`/api/v1/memberships/${applied.id}/renewal`).expect(409)).body.code).toBe('ALREADY_RENEWED');

    const left = (await as(h.app, member).post(`/api/v1/memberships/${applied.id}/leave`).send({ reason: 'Fin du programme' }).expect(200)).body;
    expect(left).toMatchObject({ status: 'left', reason: 'Fin du programme' });
    expect((await outbox(h, applied.id)).map((e) => e.type)).toEqual([
      'membership.applied', 'membership.accepted', 'membership.invoiced', 'membership.paid', 'membership.renewed', 'membership.left',
    ]);
    expect((await outbox(h, poleId)).map((e) => e.payload)).toEqual([{ poleId, leadMembershipRequired: true }]);
    // Someone else sees nothing of it.
    await as(h.app, principal()).get(`/api/v1/memberships/${applied.id}`).expect(404);
  });

  it('shows public facts to everyone and contacts only to the pole\'s members and staff', async () => {
    const poleId = await pole(h.app);
    const otherPole = await pole(h.app, { name: 'Systematic' });
    const lab = await organisation(h.app, { name: 'Labo Composites', kind: 'research_organisation', categoryFr: null });
    const sme = await organisation(h.app, { name: 'PME Usinage', categoryFr: 'PME' });
    const outsider = await organisation(h.app, { name: 'Hors Pôle SA', categoryFr: 'GE' });
    const manager = poleManager(poleId);
    for (const [org, city] of [[lab, 'Bordeaux'], [sme, 'Toulouse']] as const) {
      const m = (await as(h.app, principal({ organisationIds: [org] })).post('/api/v1/memberships').send(application(poleId, org, city)).expect(201)).body;
      await as(h.app, manager).post(`/api/v1/memberships/${m.id}/decision`).send({ decision: 'accepted' }).expect(200);
    }
    // The outsider is a member of another pole only.
    const o = (await as(h.app, principal({ organisationIds: [outsider] })).post('/api/v1/memberships').send(application(otherPole, outsider)).expect(201)).body;
    await as(h.app, poleManager(otherPole)).post(`/api/v1/memberships/${o.id}/decision`).send({ decision: 'accepted' }).expect(200);

    const anonymous = (await as(h.app, null).get(`/api/v1/poles/${poleId}/members`).expect(200)).body;
    expect(anonymous.contactsVisible).toBe(false);
    expect(anonymous.members.map((m: { name: string; city: string; kind: string; feeClass: string; contact: unknown }) => [m.name, m.city, m.kind, m.feeClass, m.contact])).toEqual([
      ['Labo Composites', 'Bordeaux', 'research_organisation', 'LAB', null], ['PME Usinage', 'Toulouse', 'company', 'PME', null],
    ]);
    const nonMember = (await as(h.app, principal({ organisationIds: [outsider] })).get(`/api/v1/poles/${poleId}/members`).expect(200)).body;
    expect(nonMember.contactsVisible).toBe(false);
    expect(nonMember.members.every((m: { contact: unknown }) => m.contact === null)).toBe(true);
    expect(JSON.stringify(nonMember)).not.toContain('alice@aerolab.test');
    for (const who of [principal({ organisationIds: [sme] }), manager, principal({ roles: ['reviewer'], poles: [{ poleId, role: 'reviewer' }] })]) {
      const seen = (await as(h.app, who).get(`/api/v1/poles/${poleId}/members`).expect(200)).body;
      expect(seen.contactsVisible).toBe(true);
      expect(seen.members[0].contact).toEqual({ name: 'Alice Martin', email: 'alice@aerolab.test', phone: '+33 5 61 00 00 00' });
    }
    // A non-member cannot read the memberships (with their contacts) either.
    expect((await as(h.app, principal({ organisationIds: [outsider] })).get(`/api/v1/memberships?poleId=${poleId}`).expect(200)).body).toEqual([]);
  });

  it('counts members from memberships, and shows the published figure while a pole has none', async () => {
    const counted = await pole(h.app, { members: 810 });
    const published = await pole(h.app, { members: 415 });
    const unknown = await pole(h.app, { members: null });
    const org = await organisation(h.app);
    const m = (await as(h.app, principal({ organisationIds: [org] })).post('/api/v1/memberships').send(application(counted, org)).expect(201)).body;
    await as(h.app, poleManager(counted)).post(`/api/v1/memberships/${m.id}/decision`).send({ decision: 'accepted' }).expect(200);
    const counts = new Map((await as(h.app, null).get('/api/v1/network/member-counts').expect(200)).body.map((c: { poleId: string }) => [c.poleId, c]));
    expect(counts.get(counted)).toEqual({ poleId: counted, members: 1, source: 'memberships' });
    expect(counts.get(published)).toEqual({ poleId: published, members: 415, source: 'published' });
    expect(counts.get(unknown)).toEqual({ poleId: unknown, members: null, source: 'none' });
  });

  it('lapses a year that ended without renewal (its timer), and a lapsed member renews from today', async () => {
    const poleId = await pole(h.app);
    const org = await organisation(h.app);
    const member = principal({ organisationIds: [org] });
    const m = (await as(h.app, member).post('/api/v1/memberships').send(application(poleId, org)).expect(201)).body;
    const startsOn = addDaysIso(todayIso(), -366);
    await as(h.app, poleManager(poleId)).post(`/api/v1/memberships/${m.id}/decision`).send({ decision: 'accepted', startsOn }).expect(200);
    const lapsed = await waitFor(async () => {
      const row = await h.em().findOne(Membership, m.id);
      return row?.status === 'lapsed' ? row : null;
    }, { what: 'the lapse timer', timeoutMs: 15_000 });
    expect(lapsed.renewalRemindedAt).not.toBeNull();
    expect((await outbox(h, m.id)).map((e) => e.type)).toEqual(['membership.applied', 'membership.accepted', 'membership.renewal_due', 'membership.lapsed']);
    expect((await outbox(h, m.id)).find((e) => e.type === 'membership.lapsed')!.payload).toMatchObject({ organisationName: 'AéroLab SAS', poleName: 'Aerospace Valley' });
    const renewed = (await as(h.app, member).post(`/api/v1/memberships/${m.id}/renewal`).expect(200)).body;
    expect(renewed).toMatchObject({ status: 'active', renewalDue: false });
    expect(renewed.years.at(-1).startsOn).toBe(todayIso());
  });
});

describe('membership renewal timers (real Redis delayed jobs)', () => {
  it('fires the renewal reminder after the worker restarted', async () => {
    // The year accepted below ends in 20 days; the reminder is set to fire 3 s after acceptance.
    const startsOn = addDaysIso(todayIso(), 20 - 364);
    const endsAt = new Date(`${addDaysIso(startsOn, 365)}T00:00:00.000Z`).getTime();
    const days = (endsAt - (Date.now() + 3000)) / 86_400_000;
    const env = { MEMBERSHIP_RENEWAL_REMINDER_DAYS: String(days) };
    let h = await startNetwork('network-renewal', { env });
    try {
      const poleId = await pole(h.app);
      const org = await organisation(h.app);
      const m = (await as(h.app, principal({ organisationIds: [org] })).post('/api/v1/memberships').send(application(poleId, org)).expect(201)).body;
      const accepted = (await as(h.app, poleManager(poleId)).post(`/api/v1/memberships/${m.id}/decision`).send({ decision: 'accepted', startsOn }).expect(200)).body;
      const q = new Queue(timerQueueName('network'), { connection: redisOptions(TEST_REDIS_URL) as ConnectionOptions, prefix: h.prefix });
      try {
        const job = await waitFor(async () => (await q.getJob(timerJobId('membership_renewal_reminder', `${m.id}.${accepted.endsOn}`))) ?? null, { what: 'the reminder timer in Redis' });
        expect(job.delay).toBeGreaterThan(0);
      } finally {
        await q.close();
      }
      // Not fired yet; the process stops (its worker with it) and starts again.
      expect((await h.em().findOneOrFail(Membership, m.id)).renewalRemindedAt).toBeNull();
      await h.stop();
      h = await startNetwork('network-renewal', { reuse: { db: h.db, prefix: h.prefix }, env });
      const reminded = await waitFor(async () => {
        const row = await h.em().findOne(Membership, m.id);
        return row?.renewalRemindedAt ? row : null;
      }, { what: 'the renewal reminder after the restart', timeoutMs: 20_000 });
      expect(reminded.status).toBe('active');
      // Written through the outbox once, with what the tracker needs to notify the member with names, and routed to it.
      expect((await outbox(h, m.id)).filter((e) => e.type === 'membership.renewal_due').map((e) => e.payload)).toEqual([{
        membershipId: m.id, poleId, organisationId: org, organisationName: 'AéroLab SAS', poleName: 'Aerospace Valley', endsOn: accepted.endsOn,
        feeClass: accepted.feeClass, feeCents: accepted.currentFeeCents,
      }]);
      expect(subscribersOf('membership.renewal_due')).toContain('tracker');
      expect((await as(h.app, principal({ organisationIds: [org] })).get(`/api/v1/memberships/${m.id}`).expect(200)).body.renewalDue).toBe(true);
    } finally {
      await h.close();
    }
  });
});
