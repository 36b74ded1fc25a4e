import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { documentProblems, exposeValidationBounds } from './openapi-truth.js';
import { FieldErrorDoc, ProblemDoc } from './problem.doc.js';
import { APP_CONFIG } from '@poleflow/config';
import { API_CSP, useSecurity } from './security.js';
import { CONSISTENCY_HEADER } from './consistency.js';

export interface ServiceAppOptions {
  service: string;
  description: string;
  /** The app's GATEWAY_ADDRESSES (commonEnv): main.ts passes its config's; a test module may leave it out. */
  gatewayAddresses?: string[];
}

/**
 * What every service app does between `NestFactory.create` and `listen`, shared by main.ts and the tests so
 * that tests run the same configuration: pino logger, security headers, body limit, the service's OpenAPI document at
 * `/docs-json` (merged by the gateway into `/docs`), its statuses and bounds
 * documented by construction (openapi-truth.ts). Shutdown hooks are enabled by `serve`, after migrations.
 */
export function configureServiceApp(app: INestApplication, o: ServiceAppOptions): void {
  app.useLogger(app.get(Logger));
  const express = app as NestExpressApplication;
  useSecurity(express, { csp: API_CSP });
  express.useBodyParser('json', { limit: '1mb' });
  trustGatewayOnly(express, o.gatewayAddresses ?? gatewayAddressesOf(app));
  exposeValidationBounds();
  const doc = documentProblems(SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(`poleflow ${o.service}`).setDescription(o.description).setVersion('1').addBearerAuth()
      .addGlobalParameters({
        in: 'header', name: CONSISTENCY_HEADER, required: false, schema: { type: 'string' },
        description: 'Read-your-writes: the last Poleflow-Consistency value an answer gave you (opaque). The service first waits '
          + 'until it has applied the events it names (at most 2 s), else 503 CONSISTENCY_TIMEOUT with Retry-After. '
          + 'Successful writes answer a new value in the Poleflow-Consistency response header.',
      })
      .build(),
    { extraModels: [ProblemDoc, FieldErrorDoc] },
  ));
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json', ui: false });
}

/**
 * GATEWAY_ADDRESSES of the app's configuration; loopback for an app without one (a test module). Only for apps
 * that provide APP_CONFIG or do not abort on errors: an app from NestFactory.create exits on a missing provider
 * (abortOnError) before the catch below runs — hence `gatewayAddresses` in the options.
 */
function gatewayAddressesOf(app: INestApplication): string[] {
  try {
    return app.get<{ GATEWAY_ADDRESSES?: string[] }>(APP_CONFIG, { strict: false }).GATEWAY_ADDRESSES ?? ['loopback'];
  } catch {
    return ['loopback'];
  }
}

/**
 * `req.ip` and `req.protocol` come from X-Forwarded-For / -Proto only when the immediate peer is the gateway
 * (one of `gateway`), which overwrites them with what it saw itself; one hop, so a client that reaches a service
 * directly, or forges the header through the gateway, cannot pick its address (ARCHITECTURE.md §7, decision 25).
 */
export function trustGatewayOnly(app: NestExpressApplication, gateway: string[]): void {
  const express = app.getHttpAdapter().getInstance() as { set(k: string, v: unknown): void; get(k: string): unknown };
  express.set('trust proxy', gateway); // compiled by Express (proxy-addr) into 'trust proxy fn'
  const isGateway = express.get('trust proxy fn') as (addr: string, i: number) => boolean;
  express.set('trust proxy', (addr: string, i: number) => i === 0 && isGateway(addr, i));
}

/** Applies the service's pending migrations (idempotent). Readiness stays down until this has run. */
export async function migrate(app: INestApplication): Promise<string[]> {
  const done = await app.get(MikroORM).migrator.up();
  return done.map((m) => m.name);
}

/**
 * Enables graceful shutdown (relay → worker → queues → ORM) and starts listening. Called after `migrate` and
 * any seeding: a SIGTERM during migrations keeps Node's default (exit at once; each migration is one
 * transaction, so PostgreSQL rolls it back) instead of closing the ORM under the running migration.
 */
export async function serve(app: INestApplication, port: number, host: string, o: { shutdownTimeoutMs?: number } = {}): Promise<void> {
  app.enableShutdownHooks();
  boundShutdown(o.shutdownTimeoutMs ?? SHUTDOWN_TIMEOUT_MS);
  const server = await app.listen(port, host);
  // No request waits without a deadline: a connection silent for this long (a handler that never answers) is
  // closed. Database waits are bounded well below it (10 s to get a connection, then 503 DATABASE_UNAVAILABLE).
  (server as import('node:http').Server).setTimeout(REQUEST_TIMEOUT_MS);
  keepIdleSockets(server as import('node:http').Server);
}

/**
 * How long a service keeps an idle keep-alive connection open. The gateway reaches the services through Node's
 * global agent, which reuses idle sockets and drops them after 5 s; Node's server closes them after 5 s too, so a
 * request written on a socket at the instant the service closes it failed with ECONNRESET (an evidence upload, under
 * load, answered 503). Keeping idle sockets longer than any client of ours does leaves the closing to the client.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function keepIdleSockets(server: import('node:http').Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000; // Node wants it above keepAliveTimeout
}

/** Longest a graceful shutdown may take before the process exits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Longest a connection may stay silent while a request is served (Node's default: no limit). */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A graceful shutdown waits for running jobs, the relay and the pools; whatever it waits on, the process exits
 * within `ms` of the first SIGTERM/SIGINT (exit code 1, logged), so an orchestrator's stop never hangs.
 */
let shutdownBounded = false;

export function boundShutdown(ms: number): void {
  // Once per process (the all-in-one process serves several apps).
  if (shutdownBounded) return;
  shutdownBounded = true;
  const arm = (signal: string) => {
    setTimeout(() => {
      process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: `graceful shutdown after ${signal} did not finish within ${ms} ms; exiting` })}\n`);
      process.exit(1);
    }, ms).unref();
  };
  process.once('SIGTERM', () => arm('SIGTERM'));
  process.once('SIGINT', () => arm('SIGINT'));
}
