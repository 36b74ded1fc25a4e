import { envelopeSchema, type Envelope } from './envelope.js';
import { EVENT_SCHEMAS, isEventType, type EventPayload, type EventType } from './events.js';

export type ParseFailure = { ok: false; code: 'INVALID_ENVELOPE' | 'UNKNOWN_EVENT_TYPE' | 'UNSUPPORTED_EVENT_VERSION' | 'INVALID_PAYLOAD'; message: string };
export type ParseSuccess = { ok: true; envelope: Envelope };

/** Parses an envelope and its payload against the registry. Never throws. */
export function parseEnvelope(raw: unknown): ParseSuccess | ParseFailure {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) return { ok: false, code: 'INVALID_ENVELOPE', message: env.error.message };
  const { type, version } = env.data;
  if (!isEventType(type)) return { ok: false, code: 'UNKNOWN_EVENT_TYPE', message: `unknown event type ${type}` };
  const def = EVENT_SCHEMAS[type];
  if (def.version !== version) return { ok: false, code: 'UNSUPPORTED_EVENT_VERSION', message: `${type} v${version} is not supported (v${def.version} is)` };
  const payload = def.payload.safeParse(env.data.payload);
  if (!payload.success) return { ok: false, code: 'INVALID_PAYLOAD', message: `${type}: ${payload.error.message}` };
  return { ok: true, envelope: { ...env.data, payload: payload.data } };
}

export function payloadOf<T extends EventType>(envelope: Envelope, _type: T): EventPayload<T> {
  return envelope.payload as EventPayload<T>;
}
