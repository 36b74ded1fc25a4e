import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { keepIdleSockets, serve } from '@poleflow/http';
import { createDirectoryApp } from '../../directory/src/app.js';
import { loadDirectoryConfig } from '../../directory/src/config.js';
import { createFundingApp } from '../../funding/src/app.js';
import { loadFundingConfig } from '../../funding/src/config.js';
import { createGatewayApp } from '../../gateway/src/app.js';
import { loadGatewayConfig } from '../../gateway/src/config.js';
import { urlEnvKey, type UpstreamName } from '../../gateway/src/routes.js';
import { createLabellingApp } from '../../labelling/src/app.js';
import { loadLabellingConfig } from '../../labelling/src/config.js';
import { createMilestonesApp } from '../../milestones/src/app.js';
import { loadMilestonesConfig } from '../../milestones/src/config.js';
import { createNetworkApp } from '../../network/src/app.js';
import { loadNetworkConfig } from '../../network/src/config.js';
import { createSubmissionApp } from '../../submission/src/app.js';
import { loadSubmissionConfig } from '../../submission/src/config.js';
import { createTrackerApp } from '../../tracker/src/app.js';
import { loadTrackerConfig } from '../../tracker/src/config.js';
import { loadAllInOneConfig, portEnvKey } from './config.js';

/*
 * Every poleflow service in one Node process, for small installations (`npm start -- --single`,
 * ARCHITECTURE.md §7). Nothing is merged but the process: each service is its own Nest app with its own
 * configuration, port, PostgreSQL schema and pool, outbox relay, BullMQ queues and inbox consumer, and the
 * gateway still reaches them over HTTP on loopback — exactly the wiring of one process per service, so either
 * mode runs the same code and a service can move out to its own process without change.
 */
const env = process.env;
const cfg = loadAllInOneConfig(env);
// Seven pools in one process: 4 connections each unless DB_POOL_MAX says otherwise (a small installation should not
// hold 60 PostgreSQL connections; in-process calls wait for a free connection instead).
const { JWT_PRIVATE_KEY, ...rest } = env;
const shared = { DB_POOL_MAX: '4', ...rest };
const envOf = (name: UpstreamName): Record<string, string | undefined> => ({ ...shared, PORT: String(cfg[portEnvKey(name)]) });

// Directory first, as with one process per service: it migrates, seeds, and alone holds the signing key.
const directoryCfg = loadDirectoryConfig({ ...envOf('directory'), JWT_PRIVATE_KEY });
await serve(await createDirectoryApp(directoryCfg), directoryCfg.PORT, directoryCfg.HOST);
const services: readonly (readonly [UpstreamName, () => Promise<readonly [INestApplication, number, string]>])[] = [
  ['submission', async () => { const c = loadSubmissionConfig(envOf('submission')); return [await createSubmissionApp(c), c.PORT, c.HOST] as const; }],
  ['labelling', async () => { const c = loadLabellingConfig(envOf('labelling')); return [await createLabellingApp(c), c.PORT, c.HOST] as const; }],
  ['funding', async () => { const c = loadFundingConfig(envOf('funding')); return [await createFundingApp(c), c.PORT, c.HOST] as const; }],
  ['milestones', async () => { const c = loadMilestonesConfig(envOf('milestones')); return [await createMilestonesApp(c), c.PORT, c.HOST] as const; }],
  ['tracker', async () => { const c = loadTrackerConfig(envOf('tracker')); return [await createTrackerApp(c), c.PORT, c.HOST] as const; }],
  ['network', async () => { const c = loadNetworkConfig(envOf('network')); return [await createNetworkApp(c), c.PORT, c.HOST] as const; }],
];
// One after the other: in one process, creating them side by side only interleaves the same CPU work.
for (const [, create] of services) {
  const [app, port, host] = await create();
  await serve(app, port, host);
}
// The gateway reaches each service on its port here, unless <SERVICE>_URL says otherwise.
const upstreams = Object.fromEntries(
  (['directory', ...services.map(([name]) => name)] as UpstreamName[]).map((name) => [urlEnvKey(name), `http://127.0.0.1:${cfg[portEnvKey(name)]}`]),
);
const gatewayCfg = loadGatewayConfig({ ...upstreams, ...shared, PORT: String(cfg.PORT) });
// Each app closes itself on SIGTERM/SIGINT (Nest shutdown hooks; the gateway's are set by configureGatewayApp); the
// process exits once the last one has closed.
const gateway = await createGatewayApp(gatewayCfg);
await gateway.listen(gatewayCfg.PORT, gatewayCfg.HOST);
keepIdleSockets(gateway.getHttpServer()); // behind a proxy that keeps connections, as the services behind it (libs/http)
