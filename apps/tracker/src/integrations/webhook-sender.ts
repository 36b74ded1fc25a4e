import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface WebhookPost {
  url: URL;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Resolves and checks the host (WebhookUrlPolicy); absent for an IP literal or an allow-listed host. */
  lookup?: LookupFunction;
}

export interface WebhookResponse {
  /** null when no HTTP answer came (refused, timed out, forbidden address…). */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Bytes of the receiver's answer read before the connection is dropped: the status is what counts. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One POST, no redirect followed (a 3xx is a failure: following it would bypass the URL checks), no connection
 * reuse (each delivery resolves and checks the host again), a hard deadline over the whole exchange.
 */
export function postWebhook(p: WebhookPost): Promise<WebhookResponse> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const done = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error, durationMs: took() });
    };
    const send = p.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(p.url, {
      method: 'POST',
      agent: false,
      headers: { ...p.headers, 'Content-Length': String(Buffer.byteLength(p.body)) },
      ...(p.lookup ? { lookup: p.lookup } : {}),
    }, (res: IncomingMessage) => {
      const status = res.statusCode ?? null;
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) res.destroy();
      });
      const finish = () => done(status, status !== null && status >= 200 && status < 300 ? null : status !== null && status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`);
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
    });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${p.timeoutMs} ms`));
    }, p.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => done(null, err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message));
    req.end(p.body);
  });
}
