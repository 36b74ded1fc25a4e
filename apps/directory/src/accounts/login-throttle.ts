import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '@poleflow/config';
import { redisOptions } from '@poleflow/messaging';
import type { DirectoryConfig } from '../config.js';

/*
 * Abuse limits of sign-in and registration (ARCHITECTURE.md §7, decision 25; OWASP Authentication Cheat Sheet,
 * "Login Throttling"). Failed sign-ins are counted per (client address, e-mail), per e-mail from any address and
 * per address for any e-mail; past each scope's allowance, every further attempt of that scope must wait a delay
 * that doubles with each failure (1 s, 2 s, 4 s…). The per-e-mail delay stops at one minute: someone who fails on
 * purpose to lock a victim out has to keep failing, and the victim waits a minute at most, while a guesser spread
 * over many addresses still gets one try a minute. Counters live in Redis (every directory process shares them)
 * and are forgotten LOGIN_RATE_WINDOW_SECONDS after the last failure; a success clears its pair and e-mail.
 * The client address is the one the gateway set (services trust only its X-Forwarded-For).
 */

type Scope = 'pair' | 'account' | 'address';

const ACCOUNT_MAX_DELAY_S = 60;

/** KEYS: scope hashes; ARGV: now ms, then per key (allowance, max delay s). Answers the longest wait in ms. */
const CHECK = `
local now = tonumber(ARGV[1])
local wait = 0
for i, key in ipairs(KEYS) do
  local f = tonumber(redis.call('HGET', key, 'f') or '0')
  local allowance = tonumber(ARGV[2 * i])
  if f >= allowance then
    local delay = math.min(tonumber(ARGV[2 * i + 1]), 2 ^ math.min(f - allowance, 30)) * 1000
    local until_ms = tonumber(redis.call('HGET', key, 'at') or '0') + delay
    if until_ms - now > wait then wait = until_ms - now end
  end
end
return wait
`;

/** KEYS: scope hashes; ARGV: now ms, window ms. */
const FAIL = `
for _, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'f', 1)
  redis.call('HSET', key, 'at', ARGV[1])
  redis.call('PEXPIRE', key, ARGV[2])
end
return 1
`;

/** Fixed hour window per address. Answers {count, ms left}. */
const COUNT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
`;

const digest = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

@Injectable()
export class LoginThrottle implements OnApplicationShutdown {
  private readonly logger = new Logger('LoginThrottle');
  private readonly redis: Redis;

  constructor(@Inject(APP_CONFIG) private readonly cfg: DirectoryConfig) {
    this.redis = new Redis(redisOptions(cfg.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: true }));
    this.redis.on('error', (err: Error) => this.logger.debug?.(`redis: ${err.message}`));
  }

  /** No e-mail or address in clear in Redis; a hash tag keeps one attempt's keys in one cluster slot. */
  private keys(address: string, email: string): Record<Scope, string> {
    const base = `${this.cfg.BULLMQ_PREFIX}:directory:login`;
    return {
      pair: `${base}:pair:${digest(`${address}|${email}`)}`,
      account: `${base}:account:${digest(email)}`,
      address: `${base}:address:${digest(address)}`,
    };
  }

  private allowances(): [Scope, number, number][] {
    const n = this.cfg.LOGIN_RATE_LIMIT;
    const max = this.cfg.LOGIN_MAX_DELAY_SECONDS;
    return [['pair', n, max], ['account', 2 * n, Math.min(max, ACCOUNT_MAX_DELAY_S)], ['address', 10 * n, max]];
  }

  /** Seconds to wait before this attempt may be tried (0: go ahead). */
  async waitFor(address: string, email: string): Promise<number> {
    const keys = this.keys(address, email);
    const scopes = this.allowances();
    try {
      const ms = (await this.redis.eval(CHECK, scopes.length, ...scopes.map(([s]) => keys[s]), Date.now(), ...scopes.flatMap(([, a, m]) => [a, m]))) as number;
      return Math.ceil(ms / 1000);
    } catch (err) {
      // Fail open: an unreachable Redis must not lock every user out; argon2's cost still stands. Logged.
      this.logger.warn({ err: (err as Error).message }, 'login rate limit unavailable; allowing the attempt');
      return 0;
    }
  }

  async failed(address: string, email: string): Promise<void> {
    const keys = this.keys(address, email);
    await this.redis.eval(FAIL, 3, keys.pair, keys.account, keys.address, Date.now(), this.cfg.LOGIN_RATE_WINDOW_SECONDS * 1000)
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'could not count a failed sign-in'));
  }

  async succeeded(address: string, email: string): Promise<void> {
    const keys = this.keys(address, email);
    await this.redis.del(keys.pair, keys.account).catch(() => undefined);
  }

  /** Seconds to wait when this address has used up its registrations of the hour (0: go ahead). */
  async registration(address: string): Promise<number> {
    try {
      const [n, ttl] = (await this.redis.eval(COUNT, 1, `${this.cfg.BULLMQ_PREFIX}:directory:register:${digest(address)}`, 3_600_000)) as number[];
      return n > this.cfg.REGISTER_RATE_LIMIT ? Math.max(1, Math.ceil(ttl / 1000)) : 0;
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'registration rate limit unavailable; allowing the attempt');
      return 0;
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
