import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Readiness } from '@poleflow/observability';
import { Upstreams } from './upstreams.js';

/** The gateway is ready when every service behind it is alive (`/health/live` answers 200). */
@Injectable()
export class UpstreamHealth implements OnModuleInit {
  constructor(private readonly upstreams: Upstreams, private readonly readiness: Readiness) {}

  onModuleInit(): void {
    for (const service of this.upstreams.names()) {
      this.readiness.add(service, async () => {
        const a = await this.upstreams.call(service, '/health/live', { timeoutMs: 1500 });
        return a.reached && a.status === 200
          ? { ok: true, info: { url: this.upstreams.url(service) } }
          : { ok: false, info: { url: this.upstreams.url(service), error: a.reached ? `status ${a.status}` : a.error } };
      });
    }
  }
}
