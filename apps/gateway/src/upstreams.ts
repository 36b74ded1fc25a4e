import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@poleflow/config';
import { upstreamsOf, type GatewayConfig } from './config.js';
import type { UpstreamName } from './routes.js';

/** What an upstream answered, or why it could not be asked. */
export type UpstreamAnswer =
  | { reached: true; service: UpstreamName; status: number; contentType: string; body: string }
  | { reached: false; service: UpstreamName; error: string };

export interface CallOptions {
  method?: 'GET' | 'POST';
  /** Headers to send along (authorization, x-correlation-id…); undefined values are dropped. */
  headers?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** The base URLs of the services behind the gateway, and the gateway's own (non-proxied) calls to them. */
@Injectable()
export class Upstreams {
  private readonly urls: Map<UpstreamName, string>;
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) cfg: GatewayConfig) {
    this.urls = upstreamsOf(cfg);
    this.timeoutMs = cfg.UPSTREAM_TIMEOUT_MS;
  }

  names(): UpstreamName[] {
    return [...this.urls.keys()];
  }

  url(service: UpstreamName): string {
    const u = this.urls.get(service);
    if (!u) throw new Error(`no upstream named ${service}`);
    return u;
  }

  /** One request with a hard time limit; never throws for network failures (they come back as `reached: false`). */
  async call(service: UpstreamName, path: string, o: CallOptions = {}): Promise<UpstreamAnswer> {
    const headers = Object.fromEntries(Object.entries({ accept: 'application/json', ...o.headers }).filter((e): e is [string, string] => typeof e[1] === 'string'));
    try {
      const res = await fetch(`${this.url(service)}${path}`, { method: o.method ?? 'GET', headers, signal: AbortSignal.timeout(o.timeoutMs ?? this.timeoutMs) });
      return { reached: true, service, status: res.status, contentType: res.headers.get('content-type') ?? 'application/json', body: await res.text() };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return { reached: false, service, error: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.message) };
    }
  }
}
