import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (`Poleflow-Signature: v1=<hex>`), in the style of Stripe's and Svix's:
 * `hex(HMAC-SHA256(key = the secret's UTF-8 bytes, message = "<Poleflow-Timestamp>.<raw body>"))`.
 *
 * The timestamp is signed with the body, so a captured request cannot be replayed later than the tolerance.
 * After a secret rotation the header carries one `v1=` per valid secret (`v1=<new>,v1=<old>`) until the old one
 * expires; a receiver accepts the request when any of them matches its secret.
 */
export const SIGNATURE_SCHEME = 'v1';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The hex HMAC of `${timestamp}.${body}`. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** The `Poleflow-Signature` header value: one `v1=` entry per secret, newest first. */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  if (!secrets.length) throw new Error('a signature needs at least one secret');
  return secrets.map((s) => `${SIGNATURE_SCHEME}=${signatureOf(s, timestamp, body)}`).join(',');
}

export type SignatureFailure = 'missing_signature' | 'malformed_signature' | 'missing_timestamp' | 'timestamp_out_of_tolerance' | 'signature_mismatch';

export interface VerifyInput {
  secret: string;
  /** The `Poleflow-Signature` header. */
  header: string | undefined | null;
  /** The `Poleflow-Timestamp` header (unix seconds). */
  timestamp: string | number | undefined | null;
  /** The raw request body, exactly as received. */
  body: string;
  /** Now, in unix seconds. */
  nowSeconds: number;
  toleranceSeconds?: number;
}

/**
 * Checks a received webhook: the timestamp within the tolerance window (either side, for clock skew), then a
 * constant-time comparison of each `v1=` entry with the expected signature.
 */
export function verifySignature(i: VerifyInput): { ok: true } | { ok: false; reason: SignatureFailure } {
  if (!i.header?.trim()) return { ok: false, reason: 'missing_signature' };
  const ts = typeof i.timestamp === 'number' ? i.timestamp : i.timestamp != null && /^\d{1,12}$/.test(i.timestamp.trim()) ? Number(i.timestamp.trim()) : NaN;
  if (!Number.isSafeInteger(ts)) return { ok: false, reason: 'missing_timestamp' };
  if (Math.abs(i.nowSeconds - ts) > (i.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return { ok: false, reason: 'timestamp_out_of_tolerance' };
  const candidates = i.header.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const eq = entry.indexOf('=');
    return eq < 0 ? { scheme: entry, value: '' } : { scheme: entry.slice(0, eq).trim(), value: entry.slice(eq + 1).trim() };
  }).filter((c) => c.scheme === SIGNATURE_SCHEME && /^[0-9a-f]{64}$/i.test(c.value));
  if (!candidates.length) return { ok: false, reason: 'malformed_signature' };
  const expected = Buffer.from(signatureOf(i.secret, ts, i.body), 'hex');
  // Compare every entry, without stopping early: the time taken says nothing about which one matched.
  let match = false;
  for (const c of candidates) match = timingSafeEqual(expected, Buffer.from(c.value, 'hex')) || match;
  return match ? { ok: true } : { ok: false, reason: 'signature_mismatch' };
}
