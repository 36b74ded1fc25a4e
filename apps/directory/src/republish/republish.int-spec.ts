import { EVENT_SCHEMAS, parseEnvelope, type Envelope } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { funderIdOf, poleIdOf } from '../reference/ids.js';
import { DEMO_PASSWORD, seedDemo } from '../seed/demo.seed.js';
import { bearer, signIn, startDirectory, type DirectoryTestApp } from '../testing/directory-test-app.js';
import { REPUBLISH_PAGE, RepublishService } from './republish.service.js';

type Row = { type: string; stream_id: string; sequence: string; envelope: unknown };
type Payload = Record<string, unknown>;

const count = async (t: DirectoryTestApp, table: string) => Number((await t.sql<{ n: string }>(`select count(*) as n from directory.${table}`))[0].n);

describe('directory republishes reference data for late consumers (real PostgreSQL + Redis)', () => {
  let t: DirectoryTestApp;
  let admin: string;
  let adminId: string;

  /** The outbox rows of one run, each envelope parsed with the contracts' zod schemas (throws on any failure). */
  const runEvents = async (runId: string) => {
    const rows = await t.sql<Row>(`select type, stream_id, sequence, envelope from directory.outbox where stream_id like ? order by created_at, sequence`, [`republish:${runId}:%`]);
    return rows.map((r) => {
      const parsed = parseEnvelope(r.envelope);
      if (!parsed.ok) throw new Error(`${r.type} ${r.stream_id}: ${parsed.code} ${parsed.message}`);
      expect(EVENT_SCHEMAS[r.type as keyof typeof EVENT_SCHEMAS].payload.safeParse(parsed.envelope.payload).success).toBe(true);
      return { ...parsed.envelope, payload: parsed.envelope.payload as Payload };
    });
  };
  /** The payloads directory emitted the first time (seed, registration, appointments), by type. */
  const original = async (type: string) =>
    (await t.sql<Row>(`select envelope from directory.outbox where type = ? and stream_id not like 'republish:%' and sequence = 1`, [type]))
      .map((r) => (r.envelope as Envelope<Payload>).payload);
  const byKey = (payloads: Payload[], key: (p: Payload) => string) => new Map(payloads.map((p) => [key(p), p]));

  beforeAll(async () => {
    t = await startDirectory('dirrepublish');
    await seedDemo(t.app);
    admin = await signIn(t, 'admin@poleflow.test', DEMO_PASSWORD);
    [{ id: adminId }] = await t.sql<{ id: string }>(`select id from directory.accounts where email = 'admin@poleflow.test'`);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('is for admins only, and validates the list of types', async () => {
    const alice = await signIn(t, 'alice@aerolab.test', DEMO_PASSWORD);
    const manager = await signIn(t, 'manager@aerospace-valley.test', DEMO_PASSWORD);
    for (const token of [alice, manager]) {
      const res = await t.http().post('/api/v1/admin/republish').set(...bearer(token)).send({}).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    await t.http().post('/api/v1/admin/republish').send({}).expect(401);
    for (const types of [['project.submitted'], [], ['pole.published', 'pole.published'], 'pole.published']) {
      const res = await t.http().post('/api/v1/admin/republish').set(...bearer(admin)).send({ types }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await t.sql(`select 1 from directory.outbox where stream_id like 'republish:%'`)).toHaveLength(0);
  });

  it('re-emits every pole, funder, organisation and affiliation (all types by default) with the payloads of the real emissions', async () => {
    const expected = {
      'pole.published': 57, 'funder.published': 16, 'organisation.registered': await count(t, 'organisations'), 'affiliation.changed': await count(t, 'affiliations'),
      'account.profile_changed': await count(t, 'accounts'),
    };
    expect(await count(t, 'funders')).toBe(16);
    expect(expected['organisation.registered']).toBe(3);
    expect(expected['affiliation.changed']).toBe(14); // 4 memberships (expert@onera.test too), 7 pole staff, 3 funder officers

    const res = await t.http().post('/api/v1/admin/republish').set(...bearer(admin)).expect(202);
    expect(res.body).toEqual({ runId: expect.any(String), counts: expected });
    const events = await runEvents(res.body.runId);
    const ofType = (type: string) => events.filter((e) => e.type === type).map((e) => e.payload);
    expect(Object.fromEntries(Object.keys(expected).map((type) => [type, ofType(type).length]))).toEqual(expected);
    // One transaction per type, in this order.
    expect([...new Set(events.map((e) => e.type))]).toEqual(['pole.published', 'funder.published', 'organisation.registered', 'affiliation.changed', 'account.profile_changed']);
    expect(new Set(events.map((e) => JSON.stringify([e.actor, e.correlationId, e.source])))).toEqual(
      new Set([JSON.stringify([{ userId: adminId, role: 'admin' }, events[0].correlationId, 'directory'])]),
    );

    // Same builders as the real emissions: each payload equals the one first emitted for that pole / organisation.
    const poles = ofType('pole.published');
    expect(byKey(poles, (p) => String(p.poleId))).toEqual(byKey(await original('pole.published'), (p) => String(p.poleId)));
    expect(poles.find((p) => p.poleId === poleIdOf('aerospace-valley'))).toEqual({
      poleId: poleIdOf('aerospace-valley'), slug: 'aerospace-valley', code: 'AV', name: 'Aerospace Valley',
      regions: ['Occitanie', 'Nouvelle-Aquitaine'], themes: expect.arrayContaining(['aeronautics-space']), members: 810,
    });
    const funders = ofType('funder.published');
    expect(byKey(funders, (p) => String(p.funderId))).toEqual(byKey(await original('funder.published'), (p) => String(p.funderId)));
    for (const f of funders) expect(f.funderId).toBe(funderIdOf(String(f.slug)));
    expect(funders.find((f) => f.slug === 'bpifrance')).toEqual({ funderId: funderIdOf('bpifrance'), slug: 'bpifrance', name: 'Bpifrance', kind: 'national_agency', region: null });
    expect(byKey(ofType('organisation.registered'), (p) => String(p.organisationId)))
      .toEqual(byKey(await original('organisation.registered'), (p) => String(p.organisationId)));
    // Each account's address and name, as emitted with its creation.
    expect(byKey(ofType('account.profile_changed'), (p) => String(p.accountId)))
      .toEqual(byKey(await original('account.profile_changed'), (p) => String(p.accountId)));
    expect(ofType('account.profile_changed').find((p) => p.email === 'alice@aerolab.test')).toMatchObject({ displayName: expect.any(String) });

    // One `added` per current affiliation, on the account's stream of the run, numbered from 1.
    const rows = await t.sql<{ account_id: string; kind: string; target_id: string; role: string }>(`select account_id, kind, target_id, role from directory.affiliations`);
    const affiliations = events.filter((e) => e.type === 'affiliation.changed');
    expect(affiliations.map((e) => e.payload).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      rows.map((r) => ({ userId: r.account_id, kind: r.kind, targetId: r.target_id, role: r.role, change: 'added' }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    for (const e of affiliations) expect(e.streamId).toBe(`republish:${res.body.runId}:${String(e.payload.userId)}`);
    const [{ id: expertId }] = await t.sql<{ id: string }>(`select id from directory.accounts where email = 'expert@onera.test'`);
    const expert = affiliations.filter((e) => e.payload.userId === expertId);
    expect(expert.map((e) => e.sequence)).toEqual([1, 2]);
  });

  it('re-emits only the requested types, and a retry with the same Idempotency-Key does not emit twice', async () => {
    const before = await count(t, 'outbox');
    const first = await t.http().post('/api/v1/admin/republish').set(...bearer(admin)).set('Idempotency-Key', 'poles-again').send({ types: ['pole.published'] }).expect(202);
    expect(first.body.counts).toEqual({ 'pole.published': 57 });
    const replay = await t.http().post('/api/v1/admin/republish').set(...bearer(admin)).set('Idempotency-Key', 'poles-again').send({ types: ['pole.published'] }).expect(202);
    expect(replay.body).toEqual(first.body);
    expect(await count(t, 'outbox')).toBe(before + 57);
    const events = await runEvents(first.body.runId);
    expect(events.every((e) => e.type === 'pole.published' && e.sequence === 1)).toBe(true);
  });

  it('pages through the rows without skipping or repeating one', async () => {
    const service = t.app.get(RepublishService);
    service.pageSize = 10; // 57 poles: 6 pages, the last one short
    try {
      const res = await t.http().post('/api/v1/admin/republish').set(...bearer(admin)).send({ types: ['pole.published', 'affiliation.changed'] }).expect(202);
      expect(res.body.counts).toEqual({ 'pole.published': 57, 'affiliation.changed': await count(t, 'affiliations') });
      const poles = (await runEvents(res.body.runId)).filter((e) => e.type === 'pole.published').map((e) => String(e.payload.poleId));
      expect(new Set(poles).size).toBe(57);
      expect(new Set(poles)).toEqual(new Set((await t.sql<{ id: string }>(`select id from directory.poles`)).map((p) => p.id)));
    } finally {
      service.pageSize = REPUBLISH_PAGE;
    }
  });

  it('can be applied by a consumer that never saw the original events, where the real stream would be a gap', async () => {
    const res = await t.http().post('/api/v1/admin/republish').set(...bearer(admin)).send({ types: ['pole.published'] }).expect(202);
    const [event] = (await runEvents(res.body.runId)).filter((e) => e.payload.poleId === poleIdOf('aerospace-valley'));
    // Directory's own InboxWorker plays the late consumer: same code as labelling's, cursor 0 on every stream.
    const inbox = t.app.get(InboxWorker);
    const seen: Payload[] = [];
    inbox.on('pole.published', async (e) => {
      seen.push(e.payload);
    });
    const job = (data: unknown, id: string) => ({ id, name: 'pole.published', data, attemptsMade: 0, opts: { attempts: 1 } });
    expect(await inbox.process(job(event, 'republished'))).toBe('applied');
    expect(await inbox.process(job(event, 'republished-again'))).toBe('duplicate');
    expect(seen).toEqual([expect.objectContaining({ poleId: poleIdOf('aerospace-valley'), code: 'AV' })]);
    // The same snapshot numbered on the pole's real stream, after the seed's event 1 this consumer never applied,
    // would wait for event 1 forever (the case of a read model rebuilt from nothing, cursor 0).
    const onRealStream = { ...event, id: '0190a0a0-0000-7000-8000-0000000000aa', streamId: poleIdOf('aerospace-valley'), sequence: 2 };
    await expect(inbox.process(job(onRealStream, 'real-stream'))).rejects.toThrow(/expected sequence 1, got 2/);
  });
});
