import { Injectable, Module, type DynamicModule, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import { inboxQueueName, type Envelope } from '@poleflow/contracts';
import { Metrics, ObservabilityModule } from '@poleflow/observability';
import { PersistenceModule, serviceOrmConfig } from '@poleflow/persistence';
import { createTestDatabase, freePort, testPrefix, TEST_REDIS_URL, waitFor, type TestDatabase } from '@poleflow/testing';
import { DeadLetterService } from './dead-letters.js';
import { MESSAGING_ENTITIES } from './entities.js';
import { InboxWorker } from './inbox.js';
import { MessagingModule } from './messaging.module.js';
import { OutboxWriter, envelopeFor } from './outbox.js';
import { QueueRegistry } from './queues.js';
import { OutboxRelay } from './relay.js';
import { inboxQueueFor, partitionOf } from './partitions.js';
import { redisOptions } from './redis.js';
import { Timers, timerJobId, timerQueueName } from './timers.js';

/*
 * The backbone against real PostgreSQL and Redis: a tiny app that emits `organisation.registered` through its
 * outbox and consumes its own inbox queue, recording each applied event in `applied`.
 */

@Entity({ tableName: 'applied' })
class Applied {
  @PrimaryKey({ type: 'uuid' }) eventId!: string;
  @Property({ type: 'text' }) streamId!: string;
  @Property({ type: 'integer' }) sequence!: number;
  @Property({ type: 'text' }) name!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'clock_timestamp()' }) appliedAt!: Date;
}

const SCHEMA = 'msgtest';
const poison = { fixed: false };
/** `flaky-*` fails while `flaky.on`; `hold-*` waits for `hold.release()` inside its transaction. */
const flaky = { on: false };
const hold = { gate: Promise.resolve(), release: () => undefined as void };

@Injectable()
class Handlers implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker, private readonly timers: Timers) {}
  onModuleInit(): void {
    this.timers.on('ping', async (data, em) => {
      await em.execute(`insert into ${SCHEMA}.applied (event_id, stream_id, sequence, name) values (?, 'timers', 0, ?)`, [randomUUID(), String(data.name)]);
    });
    this.inbox.on('organisation.registered', async (e, em) => {
      if (e.payload.name.startsWith('poison') && !poison.fixed) throw new Error('handler bug: cannot digest poison');
      if (e.payload.name.startsWith('flaky') && flaky.on) throw new Error('flaky dependency down');
      if (e.payload.name.startsWith('hold')) await hold.gate;
      await em.execute(`insert into ${SCHEMA}.applied (event_id, stream_id, sequence, name) values (?, ?, ?, ?)`, [e.id, e.streamId, e.sequence, e.payload.name]);
    });
  }
}

interface AppOpts { relay?: boolean; consume?: boolean; redisUrl?: string; attempts?: number; concurrency?: number; backoffMs?: number; partitions?: number }

function appModule(db: TestDatabase, prefix: string, o: AppOpts = {}): DynamicModule {
  @Module({})
  class MessagingTestApp {}
  return {
    module: MessagingTestApp,
    imports: [
      ObservabilityModule.forRoot({ service: 'tracker', level: 'silent' }),
      PersistenceModule.forRoot(serviceOrmConfig({ schema: SCHEMA, clientUrl: db.url, entities: [...MESSAGING_ENTITIES, Applied], migrationsPath: '/nonexistent', migrationsPathTs: 'x', poolMax: 5 })),
      MessagingModule.forRoot({
        service: 'tracker', schema: SCHEMA, redisUrl: o.redisUrl ?? TEST_REDIS_URL, prefix, relay: o.relay ?? true, consume: o.consume ?? true,
        concurrency: o.concurrency ?? 5, pollMs: 100, attempts: o.attempts ?? 4, backoffMs: o.backoffMs ?? 20, partitions: o.partitions,
      }),
    ],
    providers: [Handlers],
  };
}

async function start(db: TestDatabase, prefix: string, o: AppOpts = {}): Promise<INestApplication> {
  const ref = await Test.createTestingModule({ imports: [appModule(db, prefix, o)] }).compile();
  const app = ref.createNestApplication({ logger: false });
  app.enableShutdownHooks();
  await app.init();
  return app;
}

function organisation(name: string) {
  return { organisationId: randomUUID(), name, kind: 'company' as const, siren: '732829320', siret: null, region: 'Occitanie', nafCode: null, sizeEu: null, categoryFr: null };
}

/**
 * `organisation.registered` also goes to submission, labelling and network: stand-ins that complete their jobs, so that a
 * delivery can be confirmed by every subscriber.
 */
function otherConsumers(redisUrl: string, prefix: string): { close(): Promise<void> } {
  const connection = redisOptions(redisUrl, { maxRetriesPerRequest: null }) as ConnectionOptions;
  const workers = (['submission', 'labelling', 'network'] as const).map((s) => new Worker(inboxQueueName(s), async () => 'applied', { connection, prefix, concurrency: 5 }));
  return { close: async () => { await Promise.all(workers.map((w) => w.close())); } };
}

async function emit(app: INestApplication, streamId: string, ...names: string[]): Promise<Envelope[]> {
  const writer = app.get(OutboxWriter);
  return app.get(MikroORM).em.fork().transactional((em) =>
    writer.append(em, names.map((n) => ({ type: 'organisation.registered' as const, streamId, payload: organisation(n) })), { actor: null, correlationId: 'test' }),
  );
}

async function applied(app: INestApplication, streamId?: string): Promise<{ name: string; sequence: number }[]> {
  return app.get(MikroORM).em.fork().execute(
    `select name, sequence from ${SCHEMA}.applied ${streamId ? 'where stream_id = ?' : ''} order by applied_at, sequence`,
    streamId ? [streamId] : [],
  );
}

describe('messaging backbone (real PostgreSQL + Redis)', () => {
  let db: TestDatabase;
  let redisPrefix: ReturnType<typeof testPrefix>;
  let app: INestApplication;
  let others: { close(): Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase('messaging');
    redisPrefix = testPrefix('messaging');
    others = otherConsumers(TEST_REDIS_URL, redisPrefix.prefix);
    app = await start(db, redisPrefix.prefix);
    const orm = app.get(MikroORM);
    await orm.em.fork().execute(`create schema if not exists ${SCHEMA}`);
    await orm.schema.create();
  });

  afterAll(async () => {
    await app?.close();
    await others?.close();
    await redisPrefix.cleanup();
    await db.drop();
  });

  it('publishes a committed event once and the consumer applies it once', async () => {
    const stream = randomUUID();
    const [e] = await emit(app, stream, 'Acme');
    expect(e.sequence).toBe(1);
    expect(e.source).toBe('tracker');
    const rows = await waitFor(async () => { const r = await applied(app, stream); return r.length ? r : undefined; }, { what: 'the event to be applied' });
    expect(rows).toEqual([{ name: 'Acme', sequence: 1 }]);
    const [{ published_at }] = await app.get(MikroORM).em.fork().execute(`select published_at from ${SCHEMA}.outbox where id = ?`, [e.id]);
    expect(published_at).not.toBeNull();
    // Delivered is not published: the row is confirmed once the consumer's job has finished.
    const [confirmed] = await waitFor(async () => {
      const r = await app.get(MikroORM).em.fork().execute<{ confirmed_at: Date | null; publish_attempts: number }[]>(`select confirmed_at, publish_attempts from ${SCHEMA}.outbox where id = ?`, [e.id]);
      return r[0].confirmed_at ? r : undefined;
    }, { what: 'the delivery confirmed' });
    expect(confirmed.publish_attempts).toBe(1);
  });

  it('numbers the events of a stream 1, 2, 3 in commit order', async () => {
    const stream = randomUUID();
    const a = await emit(app, stream, 'one', 'two');
    const b = await emit(app, stream, 'three');
    expect([...a, ...b].map((e) => e.sequence)).toEqual([1, 2, 3]);
    const rows = await waitFor(async () => { const r = await applied(app, stream); return r.length === 3 ? r : undefined; }, { what: 'three events' });
    expect(rows.map((r) => r.name)).toEqual(['one', 'two', 'three']);
  });

  it('numbers what each subscriber receives of a stream without gaps, whatever other types the stream carries', async () => {
    // organisation.* go to submission, labelling, tracker and network; affiliation.changed to labelling and tracker only.
    const stream = randomUUID();
    const writer = app.get(OutboxWriter);
    type Row = { envelope: Envelope & { sequences: Record<string, number> } };
    let rows: Row[] = [];
    // Rolled back: this test app has no handlers for these types, and only the numbering is under test.
    const rollback = new Error('rollback');
    await app.get(MikroORM).em.fork().transactional(async (em) => {
      await writer.append(em, [
        { type: 'organisation.registered', streamId: stream, payload: organisation('one') },
        { type: 'affiliation.changed', streamId: stream, payload: { userId: randomUUID(), kind: 'organisation', targetId: randomUUID(), role: 'member', change: 'added' } },
        { type: 'organisation.updated', streamId: stream, payload: organisation('two') },
      ], { actor: null, correlationId: 'test' });
      rows = await em.execute<Row[]>(`select envelope from ${SCHEMA}.outbox where stream_id = ? order by sequence`, [stream]);
      throw rollback;
    }).catch((err: unknown) => { if (err !== rollback) throw err; });
    expect(rows.map((r) => [r.envelope.sequence, r.envelope.sequences])).toEqual([
      [1, { submission: 1, labelling: 1, tracker: 1, network: 1 }],
      [2, { labelling: 2, tracker: 2 }],
      [3, { submission: 2, labelling: 3, tracker: 3, network: 2 }],
    ]);
    expect(envelopeFor(rows[2].envelope, 'submission').sequence).toBe(2);
    expect(envelopeFor(rows[2].envelope, 'submission')).not.toHaveProperty('sequences');
    // A row written before per-subscriber numbering keeps the stream's sequence.
    expect(envelopeFor({ ...rows[2].envelope, sequences: undefined }, 'submission').sequence).toBe(3);
  });

  it('delivers an event committed by a process that died before publishing, exactly once', async () => {
    const stream = randomUUID();
    // The only running relay is stopped too, as when the whole platform is down.
    await app.get(OutboxRelay).stop();
    // A process with no relay commits, then dies (closed without ever publishing).
    const doomed = await start(db, redisPrefix.prefix, { relay: false, consume: false });
    const [e] = await emit(doomed, stream, 'survivor');
    await doomed.close();
    const [row] = await app.get(MikroORM).em.fork().execute(`select published_at from ${SCHEMA}.outbox where id = ?`, [e.id]);
    expect(row.published_at).toBeNull();
    // A relay that starts afterwards finds the row and publishes it.
    await app.get(OutboxRelay).start();
    const rows = await waitFor(async () => { const r = await applied(app, stream); return r.length ? r : undefined; }, { what: 'the orphan event' });
    expect(rows).toEqual([{ name: 'survivor', sequence: 1 }]);
  });

  it('a relay that published but died before recording it publishes again, and the effect stays single', async () => {
    const stream = randomUUID();
    const [e] = await emit(app, stream, 'twice-published');
    await waitFor(async () => (await applied(app, stream)).length === 1, { what: 'first delivery' });
    // Simulate the lost commit of the relay: the row looks unpublished again.
    await app.get(MikroORM).em.fork().execute(`update ${SCHEMA}.outbox set published_at = null where id = ?`, [e.id]);
    const relay = app.get(OutboxRelay);
    await waitFor(async () => { const [r] = await app.get(MikroORM).em.fork().execute(`select published_at from ${SCHEMA}.outbox where id = ?`, [e.id]); return r.published_at !== null; }, { what: 'republish' });
    // Force a second job for the same event past BullMQ's jobId dedupe, as a lost lock would.
    await app.get(QueueRegistry).get(inboxQueueName('tracker')).add(e.type, e, { jobId: `${e.id}-forced` });
    const inbox = app.get(InboxWorker);
    expect(await inbox.process({ id: 'manual', name: e.type, data: e, attemptsMade: 0, opts: {} })).toBe('duplicate');
    await waitFor(async () => (await app.get(QueueRegistry).get(inboxQueueName('tracker')).getJobState(`${e.id}-forced`)) === 'completed', { what: 'forced duplicate job' });
    expect(await applied(app, stream)).toEqual([{ name: 'twice-published', sequence: 1 }]);
    expect(relay).toBeDefined();
  });

  it('applies events delivered out of order in stream order', async () => {
    // Envelopes made by hand (no outbox), so that no relay delivers them in order behind the test's back.
    const stream = randomUUID();
    const events = ['first', 'second', 'third'].map((name, i) => ({
      id: randomUUID(), type: 'organisation.registered', version: 1, occurredAt: new Date().toISOString(), source: 'directory' as const,
      streamId: stream, sequence: i + 1, actor: null, correlationId: 'ooo', causationId: null, payload: organisation(name),
    }));
    const inbox = app.get(InboxWorker);
    await expect(inbox.process({ id: 'x', name: 'organisation.registered', data: events[2], attemptsMade: 0, opts: { attempts: 4 } })).rejects.toThrow(/expected sequence 1, got 3/);
    const q = app.get(QueueRegistry).get(inboxQueueName('tracker'));
    for (const e of [...events].reverse()) await q.add(e.type, e, { jobId: e.id, attempts: 20, backoff: { type: 'fixed', delay: 20 } });
    const rows = await waitFor(async () => { const r = await applied(app, stream); return r.length === 3 ? r : undefined; }, { what: 'three reordered events' });
    expect(rows.map((r) => r.name)).toEqual(['first', 'second', 'third']);
  });

  it('skips an event whose sequence is older than the cursor', async () => {
    const stream = randomUUID();
    const [e1] = await emit(app, stream, 'only');
    await waitFor(async () => (await applied(app, stream)).length === 1, { what: 'first event' });
    const replay = { ...e1, id: randomUUID() };
    expect(await app.get(InboxWorker).process({ id: 'r', name: e1.type, data: replay, attemptsMade: 0, opts: {} })).toBe('stale');
    expect(await applied(app, stream)).toHaveLength(1);
  });

  it('dead-letters a poison event after its retries, and applies it once when redriven after the fix', async () => {
    const stream = randomUUID();
    poison.fixed = false;
    const [e] = await emit(app, stream, 'poison-pill');
    const dl = app.get(DeadLetterService);
    const letter = await waitFor(async () => (await dl.list({ status: 'open' })).items.find((d) => d.eventId === e.id), { what: 'the dead letter' });
    expect(letter).toMatchObject({ service: 'tracker', eventType: 'organisation.registered', errorCode: 'HANDLER_FAILED', attempts: 4, status: 'open' });
    expect(letter.error).toContain('cannot digest poison');
    expect(await applied(app, stream)).toHaveLength(0);

    poison.fixed = true;
    const redriven = await dl.redrive(letter.id);
    expect(redriven.status).toBe('redriven');
    await waitFor(async () => (await applied(app, stream)).length === 1, { what: 'the redriven event' });
    const resolved = await waitFor(async () => (await dl.list({ status: 'resolved' })).items.find((d) => d.id === letter.id), { what: 'resolution' });
    expect(resolved.redriveCount).toBe(1);
    // A second redrive of an applied event is harmless. With an admin's context, the redrive is reported for
    // directory's audit trail in the same transaction.
    const admin = { userId: randomUUID(), role: 'admin' as const };
    await dl.redrive(letter.id, { actor: admin, correlationId: 'redrive-test' });
    const [report] = await app.get(MikroORM).em.fork().execute<{ envelope: { actor: unknown; payload: unknown } }[]>(
      `select envelope from ${SCHEMA}.outbox where type = 'admin.dead_letter_redriven'`);
    expect(report.envelope.actor).toEqual(admin);
    expect(report.envelope.payload).toEqual({ service: 'tracker', deadLetterId: letter.id, eventId: e.id, eventType: 'organisation.registered', redriveCount: 2 });
    await waitFor(async () => (await dl.list({ status: 'resolved' })).items.find((d) => d.id === letter.id), { what: 'second resolution' });
    expect(await applied(app, stream)).toHaveLength(1);
  });

  it('dead-letters a malformed event at once, without retrying', async () => {
    const bad = { id: randomUUID(), type: 'organisation.registered', version: 1, occurredAt: new Date().toISOString(), source: 'directory', streamId: randomUUID(), sequence: 1, actor: null, correlationId: 'c', causationId: null, payload: { name: 42 } };
    await app.get(QueueRegistry).get(inboxQueueName('tracker')).add(bad.type, bad, { jobId: bad.id, attempts: 5 });
    const letter = await waitFor(async () => (await app.get(DeadLetterService).list({})).items.find((d) => d.eventId === bad.id), { what: 'dead letter of the malformed event' });
    expect(letter.errorCode).toBe('INVALID_PAYLOAD');
    expect(letter.attempts).toBe(1);
  });

  it('commits while Redis is down and delivers the event when Redis is back', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const url = `redis://127.0.0.1:${port}/0`;
    // A database of its own, so that no other relay publishes this test's outbox through the healthy Redis.
    const localDb = await createTestDatabase('redisdown');
    const local = await start(localDb, `${redisPrefix.prefix}-down`, { redisUrl: url });
    await local.get(MikroORM).em.fork().execute(`create schema if not exists ${SCHEMA}`);
    await local.get(MikroORM).schema.create();
    try {
      const stream = randomUUID();
      await stopRedis(redis);
      const [e] = await emit(local, stream, 'while-redis-down');
      expect(e.sequence).toBe(1);
      const orm = local.get(MikroORM);
      await waitFor(async () => { const [r] = await orm.em.fork().execute(`select last_error from ${SCHEMA}.outbox where id = ?`, [e.id]); return r.last_error; }, { what: 'a failed publish attempt' });
      const [row] = await orm.em.fork().execute(`select published_at from ${SCHEMA}.outbox where id = ?`, [e.id]);
      expect(row.published_at).toBeNull();
      redis = await startRedis(port);
      const rows = await waitFor(async () => { const r = await applied(local, stream); return r.length ? r : undefined; }, { what: 'delivery after Redis came back', timeoutMs: 30000 });
      expect(rows).toEqual([{ name: 'while-redis-down', sequence: 1 }]);
    } finally {
      await local.close();
      await stopRedis(redis);
      await localDb.drop();
    }
  });

  it('repairs a Redis that lost everything (FLUSHALL) while events were queued, delayed and active: each applied once, timers included', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const url = `redis://127.0.0.1:${port}/0`;
    const localDb = await createTestDatabase('redisflush');
    const prefix = `${redisPrefix.prefix}-flush`;
    // One job at a time, and a long backoff: a held job keeps the others waiting, a failed one stays delayed.
    const local = await start(localDb, prefix, { redisUrl: url, concurrency: 1, attempts: 20, backoffMs: 1500 });
    const orm = local.get(MikroORM);
    await orm.em.fork().execute(`create schema if not exists ${SCHEMA}`);
    await orm.schema.create();
    const queue = new Queue(inboxQueueName('tracker'), { connection: redisOptions(url) as ConnectionOptions, prefix });
    const timers = new Queue(timerQueueName('tracker'), { connection: redisOptions(url) as ConnectionOptions, prefix });
    const stateOf = (q: Queue, id: string) => waitFor(async () => q.getJobState(id), { what: `job ${id}` });
    const localOthers = otherConsumers(url, prefix);
    try {
      flaky.on = true;
      hold.gate = new Promise<void>((r) => { hold.release = r; });
      const [delayed] = await emit(local, randomUUID(), 'flaky-1');
      await waitFor(async () => (await queue.getJobState(delayed.id)) === 'delayed', { what: 'a failed event waiting for its retry' });
      const [active] = await emit(local, randomUUID(), 'hold-1');
      await waitFor(async () => (await queue.getJobState(active.id)) === 'active', { what: 'an event being applied' });
      const queued = await emit(local, randomUUID(), 'queued-1', 'queued-2', 'queued-3');
      for (const e of queued) await waitFor(async () => (await queue.getJobState(e.id)) === 'waiting', { what: 'queued events' });
      await local.get(Timers).schedule('ping', 'wipe', new Date(Date.now() + 1500), { name: 'timer-wipe' });
      expect(await stateOf(timers, timerJobId('ping', 'wipe'))).toBe('delayed');

      const admin = new Redis(redisOptions(url));
      await admin.flushall();
      admin.disconnect();
      expect(await queue.getJobCounts('waiting', 'active', 'delayed')).toEqual({ waiting: 0, active: 0, delayed: 0 });
      flaky.on = false;
      hold.release();

      const names = ['flaky-1', 'hold-1', 'queued-1', 'queued-2', 'queued-3', 'timer-wipe'];
      const rows = await waitFor(async () => {
        const r = await applied(local);
        return names.every((n) => r.some((x) => x.name === n)) ? r : undefined;
      }, { what: 'every event and the timer applied after the wipe', timeoutMs: 30000 });
      // Every delivery confirmed, the lost ones after being published again; nothing applied twice.
      const outbox = await waitFor(async () => {
        const r = await orm.em.fork().execute<{ confirmed_at: Date | null; last_error: string | null }[]>(`select confirmed_at, last_error from ${SCHEMA}.outbox`);
        return r.every((x) => x.confirmed_at) ? r : undefined;
      }, { what: 'every delivery confirmed', timeoutMs: 30000 });
      expect(outbox).toHaveLength(5);
      expect(outbox.filter((x) => x.last_error?.includes('missing from Redis')).length).toBeGreaterThanOrEqual(4);
      const [timer] = await orm.em.fork().execute<{ fired_at: Date | null }[]>(`select fired_at from ${SCHEMA}.timers where kind = 'ping' and key = 'wipe'`);
      expect(timer.fired_at).not.toBeNull();
      expect((await applied(local)).map((r) => r.name).sort()).toEqual(names.sort());
      expect(rows.length).toBeLessThanOrEqual(names.length);
    } finally {
      flaky.on = false;
      hold.release();
      await queue.close();
      await timers.close();
      await localOthers.close();
      await local.close();
      await stopRedis(redis);
      await localDb.drop();
    }
  });

  it('dead-letters an event whose job stalled twice (its worker died twice while applying it), for an admin to redrive', async () => {
    const prefix = `${redisPrefix.prefix}-stall`;
    // No worker of this app runs until the job has stalled twice.
    const local = await start(db, prefix, { relay: false, consume: false });
    const e = {
      id: randomUUID(), type: 'organisation.registered', version: 1, occurredAt: new Date().toISOString(), source: 'directory' as const,
      streamId: randomUUID(), sequence: 1, actor: null, correlationId: 'stall', causationId: null, payload: organisation('stalled-twice'),
    };
    const connection = redisOptions(TEST_REDIS_URL, { maxRetriesPerRequest: null }) as ConnectionOptions;
    const queue = new Queue(inboxQueueName('tracker'), { connection, prefix });
    // Takes the job and never finishes it, as a process killed mid-job; its stall checker is the survivor's.
    const crashing = new Worker(inboxQueueName('tracker'), null, { connection, prefix, autorun: false, lockDuration: 200, stalledInterval: 50, maxStalledCount: 1 });
    const redis = new Redis(redisOptions(TEST_REDIS_URL));
    try {
      await queue.add(e.type, e, { jobId: e.id, attempts: 4 });
      for (const token of ['crash-1', 'crash-2']) {
        expect((await crashing.getNextJob(token))?.id).toBe(e.id);
        await waitFor(async () => (await redis.exists(`${queue.toKey(e.id)}:lock`)) === 0, { what: 'the dead worker\'s lock to expire' });
        void crashing.startStalledCheckTimer();
        await waitFor(async () => (await queue.getJobState(e.id)) === 'waiting', { what: 'the stalled job back in wait' });
      }
      expect(await redis.hget(queue.toKey(e.id), 'defa')).toMatch(/stalled more than allowable limit/);
      local.get(InboxWorker).start();
      const letter = await waitFor(async () => (await local.get(DeadLetterService).list({})).items.find((d) => d.eventId === e.id), { what: 'the dead letter of the stalled job' });
      expect(letter).toMatchObject({ errorCode: 'STALLED', eventType: 'organisation.registered', status: 'open' });
      expect(await applied(local, e.streamId)).toEqual([]);
      await local.get(DeadLetterService).redrive(letter.id);
      await waitFor(async () => (await applied(local, e.streamId)).length === 1, { what: 'the redriven event applied' });
    } finally {
      await crashing.close(true);
      redis.disconnect();
      await queue.close();
      await local.close();
      await testPrefix.cleanupOf(prefix)();
    }
  });

  it('partitions each inbox by stream: in order without a retry, and a partition whose worker died mid-job resumes in order', async () => {
    const PARTITIONS = 4;
    const prefix = `${redisPrefix.prefix}-part`;
    // A database of its own: the suite's relay publishes unpartitioned.
    const localDb = await createTestDatabase('partitions');
    const local = await start(localDb, prefix, { partitions: PARTITIONS, attempts: 20, backoffMs: 1000 });
    await local.get(MikroORM).em.fork().execute(`create schema if not exists ${SCHEMA}`);
    await local.get(MikroORM).schema.create();
    const connection = redisOptions(TEST_REDIS_URL, { maxRetriesPerRequest: null }) as ConnectionOptions;
    const queues = new Map<string, Queue>();
    const queueOf = (stream: string) => {
      const name = inboxQueueFor('tracker', stream, PARTITIONS);
      if (!queues.has(name)) queues.set(name, new Queue(name, { connection, prefix }));
      return queues.get(name)!;
    };
    let crashing: Worker | undefined;
    try {
      const streams = Array.from({ length: 12 }, () => randomUUID());
      expect(new Set(streams.map((x) => partitionOf(x, PARTITIONS))).size).toBeGreaterThan(1);
      const events: Envelope[] = [];
      for (const round of [0, 1, 2]) for (const stream of streams) events.push(...await emit(local, stream, `p-${round}`));
      await waitFor(async () => (await applied(local)).length === 36, { what: '36 events applied' });
      for (const stream of streams) expect((await applied(local, stream)).map((r) => r.name)).toEqual(['p-0', 'p-1', 'p-2']);
      // One attempt each: no event waited in a backoff for its predecessor.
      const attempts = await Promise.all(events.map(async (e) => (await queueOf(e.streamId).getJob(e.id))?.attemptsMade));
      expect(new Set(attempts)).toEqual(new Set([1]));

      // A partition's worker dies while applying a stream's next event.
      const stream = streams[0];
      const q = queueOf(stream);
      await local.get(InboxWorker).stop();
      const [x1, x2] = [...await emit(local, stream, 'x-1'), ...await emit(local, stream, 'x-2')];
      await waitFor(async () => (await q.getJobState(x2.id)) === 'waiting', { what: 'both events queued in the partition' });
      crashing = new Worker(q.name, null, { connection, prefix, autorun: false, lockDuration: 200, stalledInterval: 50 });
      expect((await crashing.getNextJob('killed'))?.id).toBe(x1.id);
      const redis = new Redis(redisOptions(TEST_REDIS_URL));
      await waitFor(async () => (await redis.exists(`${q.toKey(x1.id)}:lock`)) === 0, { what: 'the dead worker\'s lock to expire' });
      // The stopped workers checked for stalls moments ago; the next check is due after stalledInterval (30 s): as if
      // that time had passed, forget when the last check ran.
      await redis.del(q.toKey('stalled-check'));
      redis.disconnect();
      void crashing.startStalledCheckTimer();
      await waitFor(async () => (await q.getJobState(x1.id)) === 'waiting', { what: 'the stalled event back in its partition' });
      local.get(InboxWorker).start();
      await waitFor(async () => (await applied(local, stream)).length === 5, { what: 'the partition resumed' });
      expect((await applied(local, stream)).map((r) => r.name)).toEqual(['p-0', 'p-1', 'p-2', 'x-1', 'x-2']);
    } finally {
      await crashing?.close(true);
      await Promise.all([...queues.values()].map((q) => q.close()));
      await local.close();
      await testPrefix.cleanupOf(prefix)();
      await localDb.drop();
    }
  });

  describe('several events of a partition in one transaction (a consumer that is behind)', () => {
    const PARTITIONS = 2;
    let localDb: TestDatabase;
    let prefix: string;
    let local: INestApplication;

    beforeEach(async () => {
      prefix = `${redisPrefix.prefix}-batch-${randomUUID().slice(0, 8)}`;
      localDb = await createTestDatabase('batches');
      // The consumer starts behind: events are published while no worker runs.
      local = await start(localDb, prefix, { partitions: PARTITIONS, consume: false, attempts: 20, backoffMs: 50 });
      await local.get(MikroORM).em.fork().execute(`create schema if not exists ${SCHEMA}`);
      await local.get(MikroORM).schema.create();
    });

    afterEach(async () => {
      flaky.on = false;
      await local.close();
      await testPrefix.cleanupOf(prefix)();
      await localDb.drop();
    });

    const published = (n: number) => waitFor(async () => {
      const [r] = await local.get(MikroORM).em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${SCHEMA}.outbox where published_at is not null`);
      return r.n === n;
    }, { what: `${n} events published` });
    /** The transaction that applied each event of a stream (rows written by one transaction share their xmin). */
    const transactions = async (streamId?: string) => (await local.get(MikroORM).em.fork().execute<{ name: string; tx: string }[]>(
      `select name, xmin::text as tx from ${SCHEMA}.applied ${streamId ? 'where stream_id = ?' : ''} order by applied_at, sequence`, streamId ? [streamId] : []));
    /** Streams whose events all land on partition `p`. */
    const streamsOn = (p: number, n: number) => {
      const out: string[] = [];
      while (out.length < n) { const id = randomUUID(); if (partitionOf(id, PARTITIONS) === p) out.push(id); }
      return out;
    };

    it('applies a backlog in batches, each stream in order, every event once and at the first attempt', async () => {
      const streams = Array.from({ length: 10 }, () => randomUUID());
      const events: Envelope[] = [];
      for (const round of [0, 1, 2, 3]) for (const stream of streams) events.push(...await emit(local, stream, `b-${round}`));
      await published(40);
      local.get(InboxWorker).start();
      await waitFor(async () => (await applied(local)).length === 40, { what: '40 events applied' });
      for (const stream of streams) expect((await applied(local, stream)).map((r) => r.name)).toEqual(['b-0', 'b-1', 'b-2', 'b-3']);
      // Far fewer transactions than events: the partitions' backlogs were taken several events at a time.
      const txs = new Set((await transactions()).map((r) => r.tx));
      expect(txs.size).toBeLessThanOrEqual(20);
      const [inbox] = await local.get(MikroORM).em.fork().execute<{ n: number; events: number }[]>(
        `select count(distinct xmin::text)::int as n, count(*)::int as events from ${SCHEMA}.inbox where consumer = 'tracker'`);
      expect(inbox).toEqual({ n: txs.size, events: 40 });
      const connection = redisOptions(TEST_REDIS_URL, { maxRetriesPerRequest: null }) as ConnectionOptions;
      const queues = [0, 1].map((p) => new Queue(p === 0 ? inboxQueueName('tracker') : `${inboxQueueName('tracker')}.${p}`, { connection, prefix }));
      try {
        const jobs = await Promise.all(events.map((e) => queues[partitionOf(e.streamId, PARTITIONS)].getJob(e.id)));
        expect(jobs.map((j) => [j?.finishedOn !== undefined, j?.attemptsMade, j?.returnvalue])).toEqual(events.map(() => [true, 1, 'applied']));
      } finally {
        await Promise.all(queues.map((q) => q.close()));
      }
      const metrics = await local.get(Metrics).registry.metrics();
      expect(metrics).toMatch(/poleflow_consumer_transactions_total\{[^}]*kind="batch"[^}]*\} [1-9]/);
      expect(metrics).toMatch(/poleflow_consumer_events_total\{[^}]*outcome="applied"[^}]*\} 40/);
      expect(Number(/poleflow_consumer_apply_seconds_total\{[^}]*consumer="tracker"[^}]*\} ([0-9.e+-]+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
    });

    it('a batch that fails half-way is rolled back and its events applied one by one: the good ones at once, the failing one retried, nothing doubled', async () => {
      const [a, b] = streamsOn(1, 2);
      flaky.on = true;
      await emit(local, a, 'a-1');
      await emit(local, b, 'flaky-b-1');
      await emit(local, a, 'a-2');
      await emit(local, b, 'b-2');
      await emit(local, a, 'a-3');
      await published(5);
      local.get(InboxWorker).start();
      // Stream a goes through at once although the batch it came in failed on b's second event.
      await waitFor(async () => (await applied(local, a)).length === 3, { what: 'stream a applied' });
      expect(await applied(local, b)).toEqual([]);
      // One by one after the rollback: each of a's events in a transaction of its own.
      expect(new Set((await transactions(a)).map((r) => r.tx)).size).toBe(3);
      flaky.on = false;
      await waitFor(async () => (await applied(local, b)).length === 2, { what: 'stream b applied once its dependency is back' });
      expect((await applied(local, a)).map((r) => r.name)).toEqual(['a-1', 'a-2', 'a-3']);
      expect((await applied(local, b)).map((r) => r.name)).toEqual(['flaky-b-1', 'b-2']);
      const [inbox] = await local.get(MikroORM).em.fork().execute<{ n: number }[]>(`select count(*)::int as n from ${SCHEMA}.inbox`);
      expect(inbox.n).toBe(5);
      expect(await local.get(DeadLetterService).openCount()).toBe(0);
    });

    it('a partition whose worker died holding a batch (its transaction rolled back, its jobs active) applies the batch again once, in order', async () => {
      const [stream] = streamsOn(0, 1);
      const events = [...await emit(local, stream, 'k-1'), ...await emit(local, stream, 'k-2'), ...await emit(local, stream, 'k-3')];
      await published(3);
      const connection = redisOptions(TEST_REDIS_URL, { maxRetriesPerRequest: null }) as ConnectionOptions;
      const q = new Queue(inboxQueueName('tracker'), { connection, prefix });
      // A worker takes the partition's three jobs as one batch, as processPartition does, and dies before committing.
      const crashing = new Worker(q.name, null, { connection, prefix, autorun: false, lockDuration: 200, stalledInterval: 50 });
      const redis = new Redis(redisOptions(TEST_REDIS_URL));
      try {
        for (const [i, e] of events.entries()) expect((await crashing.getNextJob(`killed:${i}`, { block: false }))?.id).toBe(e.id);
        expect(await q.getJobCounts('active')).toEqual({ active: 3 });
        await waitFor(async () => (await redis.exists(...events.map((e) => `${q.toKey(e.id)}:lock`))) === 0, { what: 'the dead worker\'s locks to expire' });
        await redis.del(q.toKey('stalled-check'));
        void crashing.startStalledCheckTimer();
        await waitFor(async () => (await q.getJobCounts('wait')).wait === 3, { what: 'the batch back in its partition' });
        local.get(InboxWorker).start();
        await waitFor(async () => (await applied(local, stream)).length === 3, { what: 'the batch applied by the survivor' });
        expect((await applied(local, stream)).map((r) => r.name)).toEqual(['k-1', 'k-2', 'k-3']);
        // The stall check handed them back in reverse order; the survivor took them as one batch and applied them
        // in stream order, in one transaction, without a retry.
        expect(new Set((await transactions(stream)).map((r) => r.tx)).size).toBe(1);
        expect(await Promise.all(events.map(async (e) => (await q.getJob(e.id))?.attemptsMade))).toEqual([1, 1, 1]);
      } finally {
        redis.disconnect();
        await crashing.close(true);
        await q.close();
      }
    });

    it('a batch whose transaction committed before its worker died is dropped by the inbox when it runs again', async () => {
      const [stream] = streamsOn(1, 1);
      const events = [...await emit(local, stream, 'c-1'), ...await emit(local, stream, 'c-2')];
      await published(2);
      const worker = local.get(InboxWorker);
      // Applied and committed by a batch whose jobs were never completed (the process died right after COMMIT).
      const jobs = events.map((e, i) => ({ id: `gone-${i}`, name: e.type, data: envelopeFor(e as Envelope & { sequences?: Record<string, number> }, 'tracker'), attemptsMade: 0, opts: {} }));
      expect(await worker.process(jobs[0])).toBe('applied');
      expect(await worker.process(jobs[1])).toBe('applied');
      worker.start();
      const connection = redisOptions(TEST_REDIS_URL, { maxRetriesPerRequest: null }) as ConnectionOptions;
      const q = new Queue(`${inboxQueueName('tracker')}.1`, { connection, prefix });
      try {
        await waitFor(async () => (await Promise.all(events.map((e) => q.getJobState(e.id)))).every((st) => st === 'completed'), { what: 'the jobs completed' });
        expect(await Promise.all(events.map(async (e) => (await q.getJob(e.id))?.returnvalue))).toEqual(['duplicate', 'duplicate']);
        expect((await applied(local, stream)).map((r) => r.name)).toEqual(['c-1', 'c-2']);
      } finally {
        await q.close();
      }
    });
  });
});

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor(async () => {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } finally {
      r.disconnect();
    }
  }, { what: `redis-server on port ${port}` });
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
