import { Inject, Injectable, Logger, Module, type DynamicModule, type ExecutionContext, type OnApplicationShutdown } from '@nestjs/common';
import { normalizeIp, ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail, type ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { DomainError } from '@poleflow/domain';
import { redisOptions } from '@poleflow/messaging';

/*
 * Login rate limit (ARCHITECTURE.md §4; OWASP Authentication Cheat Sheet, "Login Throttling"): at most
 * LOGIN_RATE_LIMIT attempts per (client IP, e-mail) in LOGIN_RATE_WINDOW_SECONDS, then 429 for a window.
 * Counters live in Redis so that every directory instance shares them (the in-memory default storage would
 * multiply the limit by the number of instances and forget it on restart).
 */

export interface LoginThrottleOptions {
  redisUrl: string;
  /** Key prefix: the environment's BullMQ prefix, so a test suite's keys go with its cleanup. */
  prefix: string;
  limit: number;
  windowSeconds: number;
}

const LOGIN_THROTTLE_OPTIONS = Symbol('LOGIN_THROTTLE_OPTIONS');

/** Not exported by @nestjs/throttler 6.7's index. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Fixed window with a block: hit N+1 blocks the key for `blockDuration` ms. Atomic in one Lua call. */
const HIT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or ARGV[2]) + 1, blockTtl, 1, blockTtl}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('LoginThrottle');
  private readonly redis: Redis;

  constructor(@Inject(LOGIN_THROTTLE_OPTIONS) private readonly opts: LoginThrottleOptions) {
    this.redis = new Redis(redisOptions(opts.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: true }));
    this.redis.on('error', (err: Error) => this.logger.debug?.(`redis: ${err.message}`));
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // `key` is already a sha256 of handler + tracker (no e-mail stored in clear). Hash tag: one cluster slot.
    const base = `${this.opts.prefix}:directory:throttle:${throttlerName}:{${key}}`;
    try {
      const [hits, ttlMs, blocked, blockMs] = (await this.redis.eval(HIT, 2, base, `${base}:blocked`, ttl, limit, blockDuration)) as number[];
      return { totalHits: hits, timeToExpire: Math.ceil(ttlMs / 1000), isBlocked: blocked === 1, timeToBlockExpire: Math.ceil(blockMs / 1000) };
    } catch (err) {
      // Fail open: an unreachable Redis must not lock every user out of signing in; the password check and
      // argon2's cost still stand. The warning makes the degraded mode visible.
      this.logger.warn({ err: (err as Error).message }, 'login rate limit unavailable; allowing the attempt');
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** Tracks (client IP, e-mail): one attacker cannot lock a victim out from elsewhere, nor spray one IP's budget. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const ip = typeof req.ip === 'string' ? normalizeIp(req.ip) : 'unknown';
    const email = (req.body as { email?: unknown } | undefined)?.email;
    return `${ip}|${typeof email === 'string' ? email.trim().toLowerCase() : ''}`;
  }

  protected override async throwThrottlingException(_ctx: ExecutionContext, d: ThrottlerLimitDetail): Promise<void> {
    throw new DomainError('RATE_LIMITED', `too many sign-in attempts; retry in ${d.timeToBlockExpire} s`, 429);
  }
}

@Module({})
class LoginThrottleStorageModule {}

@Module({})
export class LoginThrottleModule {
  static forRoot(o: LoginThrottleOptions): DynamicModule {
    const storage: DynamicModule = {
      module: LoginThrottleStorageModule,
      providers: [{ provide: LOGIN_THROTTLE_OPTIONS, useValue: o }, RedisThrottlerStorage],
      exports: [RedisThrottlerStorage],
    };
    return {
      module: LoginThrottleModule,
      imports: [
        ThrottlerModule.forRootAsync({
          imports: [storage],
          inject: [RedisThrottlerStorage],
          // Named `default` so the guard sets the standard headers (Retry-After, X-RateLimit-*), not suffixed ones.
          useFactory: (s: RedisThrottlerStorage) => ({ throttlers: [{ name: 'default', ttl: o.windowSeconds * 1000, limit: o.limit }], storage: s }),
        }),
      ],
    };
  }
}
