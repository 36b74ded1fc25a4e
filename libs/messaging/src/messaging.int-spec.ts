import { Injectable, Module, type DynamicModule, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inboxQueueName, type Envelope } from '@poleflow/contracts';
import { ObservabilityModule } from '@poleflow/observability';
import { PersistenceModule, serviceOrmConfig } from '@poleflow/persistence';
import { createTestDatabase, testPrefix, TEST_REDIS_URL, waitFor, type TestDatabase } from '@poleflow/testing';
import { DeadLetterService } from './dead-letters.js';
import { MESSAGING_ENTITIES } from './entities.js';
import { InboxWorker } from './inbox.js';
import { MessagingModule } from './messaging.module.js';
import { OutboxWriter, envelopeFor } from './outbox.js';
import { QueueRegistry } from './queues.js';
import { OutboxRelay } from './relay.js';

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

@Injectable()
class Handlers implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}
  onModuleInit(): void {
    this.inbox.on('organisation.registered', async (e, em) => {
      if (e.payload.name.startsWith('poison') && !poison.fixed) throw new Error('handler bug: cannot digest poison');
      await em.execute(`insert into ${SCHEMA}.applied (event_id, stream_id, sequence, name) values (?, ?, ?, ?)`, [e.id, e.streamId, e.sequence, e.payload.name]);
    });
  }
}

interface AppOpts { relay?: boolean; consume?: boolean; redisUrl?: string; attempts?: number }

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
        concurrency: 5, pollMs: 100, attempts: o.attempts ?? 4, backoffMs: 20,
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

  beforeAll(async () => {
    db = await createTestDatabase('messaging');
    redisPrefix = testPrefix('messaging');
    app = await start(db, redisPrefix.prefix);
    const orm = app.get(MikroORM);
    await orm.em.fork().execute(`create schema if not exists ${SCHEMA}`);
    await orm.schema.create();
  });

  afterAll(async () => {
    await app?.close();
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
    // organisation.* go to submission, labelling and tracker; affiliation.changed to labelling and tracker only.
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
      [1, { submission: 1, labelling: 1, tracker: 1 }],
      [2, { labelling: 2, tracker: 2 }],
      [3, { submission: 2, labelling: 3, tracker: 3 }],
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
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

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
