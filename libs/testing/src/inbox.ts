import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Principal } from '@poleflow/auth';
import { EVENT_SCHEMAS, type Envelope, type EventPayload, type EventType, type ServiceName } from '@poleflow/contracts';
import { InboxWorker, type InboxOutcome } from '@poleflow/messaging';
import { tokenFor } from './tokens.js';

/** A wire envelope as another service's outbox would have sent it to the service under test. */
export function envelope<T extends EventType>(type: T, payload: EventPayload<T>, o: { streamId: string; sequence?: number; source?: ServiceName }): Envelope<EventPayload<T>> {
  return {
    id: randomUUID(), type, version: EVENT_SCHEMAS[type].version, occurredAt: new Date().toISOString(), source: o.source ?? 'directory',
    streamId: o.streamId, sequence: o.sequence ?? 1, actor: null, correlationId: `test-${randomUUID()}`, causationId: null, payload,
  };
}

/** Delivers an envelope through the app's real inbox (transaction, dedup, stream cursor), as a BullMQ job would. */
export function deliver(app: INestApplication, e: Envelope): Promise<InboxOutcome> {
  return app.get(InboxWorker).process({ id: e.id, name: e.type, data: e, attemptsMade: 0, opts: {} });
}

/** supertest on the app's server, with the principal's bearer token (none for null: an anonymous call). */
export function as(app: INestApplication, p: Principal | null) {
  const server = app.getHttpServer();
  const auth = <T extends request.Test>(t: T): T => (p ? t.set('Authorization', `Bearer ${tokenFor(p)}`) : t);
  return {
    get: (url: string) => auth(request(server).get(url)),
    post: (url: string) => auth(request(server).post(url)),
    patch: (url: string) => auth(request(server).patch(url)),
    put: (url: string) => auth(request(server).put(url)),
    delete: (url: string) => auth(request(server).delete(url)),
  };
}
