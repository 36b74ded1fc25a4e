import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { subscribersOf } from '@poleflow/contracts';
import { createTestDatabase, testPrefix, waitFor, TEST_ISSUER, TEST_KEYS, TEST_REDIS_URL, type TestDatabase } from '@poleflow/testing';
import { loadDirectoryConfig } from '../../apps/directory/src/config.js';
import { seedReference } from '../../apps/directory/src/seed/reference.seed.js';
import { loadSubmissionConfig } from '../../apps/submission/src/config.js';
import { SubmissionModule } from '../../apps/submission/src/submission.module.js';
import { loadLabellingConfig } from '../../apps/labelling/src/config.js';
import { LabellingModule } from '../../apps/labelling/src/labelling.module.js';
import { loadFundingConfig } from '../../apps/funding/src/config.js';
import { FundingModule } from '../../apps/funding/src/funding.module.js';
import { seedDemoCalls } from '../../apps/funding/src/calls/demo-calls.js';
import { loadMilestonesConfig } from '../../apps/milestones/src/config.js';
import { MilestonesModule } from '../../apps/milestones/src/milestones.module.js';
import { loadTrackerConfig } from '../../apps/tracker/src/config.js';
import { TrackerModule } from '../../apps/tracker/src/tracker.module.js';
import { loadNetworkConfig } from '../../apps/network/src/config.js';
import { NetworkModule } from '../../apps/network/src/network.module.js';
import { loadGatewayConfig } from '../../apps/gateway/src/config.js';
import { GatewayModule } from '../../apps/gateway/src/gateway.module.js';
import { configureGatewayApp } from '../../apps/gateway/src/bootstrap.js';
import { configureServiceApp, trustGatewayOnly } from '@poleflow/http';

/*
 * The whole platform in one process for e2e tests: directory, submission, labelling, funding, milestones, tracker and network as separate Nest apps on
 * their own ephemeral ports (sharing one fresh database, each in its own schema, and one BullMQ prefix), with
 * the gateway in front of them, exactly as `npm start` wires them — only the processes are merged.
 */
export interface Platform {
  gateway: string;
  db: TestDatabase;
  apps: Record<'directory' | 'submission' | 'labelling' | 'funding' | 'milestones' | 'tracker' | 'network' | 'gateway', INestApplication>;
  close(): Promise<void>;
}

/** The token of `/metrics` and of the detailed `/health/ready` in every app of the platform. */
export const METRICS_TOKEN = 'e2e-metrics-token-0123456789';

async function boot(module: DynamicModule, opts: { migrate?: boolean; bodyParser?: boolean; service?: string } = {}): Promise<INestApplication> {
  const ref = await Test.createTestingModule({ imports: [module] }).compile();
  const app = ref.createNestApplication<NestExpressApplication>({ logger: false, bodyParser: opts.bodyParser ?? true });
  trustGatewayOnly(app, ['loopback']); // as configureServiceApp does; the gateway's own setting replaces it
  // as main.ts does: security headers, body limit, /docs-json (merged by the gateway)
  if (opts.service) configureServiceApp(app, { service: opts.service, description: opts.service });
  if (opts.migrate !== false) await app.get(MikroORM).migrator.up();
  return app;
}

const urlOf = async (app: INestApplication): Promise<string> => {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
};

/**
 * Start-up, not a client's concern: the platform is up once the reference data seeded at boot (poles, funders,
 * demo calls) has reached every subscriber, as on a platform that has been running for a while. After that, a
 * client's own writes are covered by its Poleflow-Consistency token.
 */
async function referenceDataDelivered(url: string): Promise<void> {
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  try {
    await waitFor(async () => {
      for (const producer of ['directory', 'funding']) {
        const { rows } = await sql.query<{ id: string; type: string }>(`select id, type from ${producer}.outbox`);
        for (const sub of new Set(rows.flatMap((r) => subscribersOf(r.type)))) {
          const ids = rows.filter((r) => subscribersOf(r.type).includes(sub)).map((r) => r.id);
          const { rows: [{ n }] } = await sql.query<{ n: number }>(`select count(*)::int as n from ${sub}.inbox where event_id = any($1::uuid[])`, [ids]);
          if (n < ids.length) return false;
        }
      }
      return true;
    }, { what: 'the seeded reference data to reach every service', timeoutMs: 60_000, intervalMs: 100 });
  } finally {
    await sql.end();
  }
}

export async function startPlatform(label: string): Promise<Platform> {
  const db = await createTestDatabase(label);
  const prefix = testPrefix(label);
  const env = {
    DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, BULLMQ_PREFIX: prefix.prefix, JWT_PUBLIC_KEY: TEST_KEYS.publicKey, JWT_PRIVATE_KEY: TEST_KEYS.privateKey,
    JWT_ISSUER: TEST_ISSUER, LOG_LEVEL: 'silent', DB_POOL_MAX: '4', OUTBOX_POLL_MS: '500', ADMIN_EMAILS: 'admin@e2e.test', WORKER_CONCURRENCY: '5',
    METRICS_TOKEN,
    // The discard port: a webhook may be subscribed there (the access matrix needs one); nothing listens.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1:9',
    // E-mails go nowhere (a developer's `npm start` maildev on 1025 must not catch the e2e users' mail): the
    // tracker's own suite proves them against a maildev of its own.
    SMTP_URL: 'smtp://127.0.0.1:9',
    // Every e2e user registers from 127.0.0.1.
    REGISTER_RATE_LIMIT: '10000',
  };
  // Lazy, like the directory tests (see directory-test-app.ts).
  const { DirectoryModule } = await import('../../apps/directory/src/directory.module.js');
  const directory = await boot(DirectoryModule.forRoot(loadDirectoryConfig(env)), { service: 'directory' });
  await directory.init();
  await seedReference(directory);
  const submission = await boot(SubmissionModule.forRoot(loadSubmissionConfig(env)), { service: 'submission' });
  const labelling = await boot(LabellingModule.forRoot(loadLabellingConfig(env)), { service: 'labelling' });
  const funding = await boot(FundingModule.forRoot(loadFundingConfig(env)), { service: 'funding' });
  await seedDemoCalls(funding);
  const milestones = await boot(MilestonesModule.forRoot(loadMilestonesConfig(env)), { service: 'milestones' });
  const tracker = await boot(TrackerModule.forRoot(loadTrackerConfig(env)), { service: 'tracker' });
  const network = await boot(NetworkModule.forRoot(loadNetworkConfig(env)), { service: 'network' });
  const [directoryUrl, submissionUrl, labellingUrl, fundingUrl, milestonesUrl, trackerUrl, networkUrl] = [
    await urlOf(directory), await urlOf(submission), await urlOf(labelling), await urlOf(funding), await urlOf(milestones), await urlOf(tracker), await urlOf(network),
  ];
  const gateway = await boot(GatewayModule.forRoot(loadGatewayConfig({
    ...env, DIRECTORY_URL: directoryUrl, SUBMISSION_URL: submissionUrl, LABELLING_URL: labellingUrl, FUNDING_URL: fundingUrl, MILESTONES_URL: milestonesUrl, TRACKER_URL: trackerUrl, NETWORK_URL: networkUrl,
  })), { migrate: false, bodyParser: false });
  configureGatewayApp(gateway as NestExpressApplication);
  const gatewayUrl = await urlOf(gateway);
  await referenceDataDelivered(db.url);
  return {
    gateway: gatewayUrl,
    db,
    apps: { directory, submission, labelling, funding, milestones, tracker, network, gateway },
    async close() {
      await gateway.close();
      await Promise.allSettled([directory.close(), submission.close(), labelling.close(), funding.close(), milestones.close(), tracker.close(), network.close()]);
      await prefix.cleanup();
      await db.drop();
    },
  };
}
