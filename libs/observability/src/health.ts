import { Controller, Get, Inject, Injectable, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Request } from 'express';
import { Public } from '@poleflow/auth';
import { hasMetricsToken, METRICS_TOKEN } from './metrics.js';

type Check = () => Promise<{ ok: boolean; info?: Record<string, unknown> }>;

/** Readiness checks contributed by other modules (database, migrations, Redis, outbox lag…). */
@Injectable()
export class Readiness {
  private readonly checks = new Map<string, Check>();
  add(name: string, check: Check): void {
    this.checks.set(name, check);
  }
  entries(): [string, Check][] {
    return [...this.checks.entries()];
  }
}

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService, private readonly indicators: HealthIndicatorService, private readonly readiness: Readiness,
    @Inject(METRICS_TOKEN) private readonly token: string | undefined,
  ) {}

  /** The process is up (no dependency checked): for restarts by an orchestrator. */
  @Public()
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * PostgreSQL, Redis and migrations answer: for routing traffic to this instance. The public answer says only
   * ready (`{ status: 'ok' }`) or not (503 NOT_READY); each check's details (upstream URLs, errors) need the
   * metrics token.
   */
  @Public()
  @Get('ready')
  async ready(@Req() req: Request): Promise<unknown> {
    const detailed = hasMetricsToken(req, this.token);
    try {
      const result = await this.check();
      return detailed ? result : { status: 'ok' };
    } catch (err) {
      if (detailed || !(err instanceof ServiceUnavailableException)) throw err;
      throw new ServiceUnavailableException({ code: 'NOT_READY', message: 'not ready' });
    }
  }

  private check() {
    return this.health.check(
      this.readiness.entries().map(([name, check]) => async (): Promise<HealthIndicatorResult> => {
        let r: { ok: boolean; info?: Record<string, unknown> };
        try {
          r = await Promise.race([check(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 2000).unref())]);
        } catch (err) {
          r = { ok: false, info: { error: (err as Error).message } };
        }
        const session = this.indicators.check(name);
        return r.ok ? session.up(r.info) : session.down(r.info);
      }),
    );
  }
}
