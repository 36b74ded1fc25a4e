import { Logger } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { Role } from '@poleflow/contracts';
import type { PoleRole, Principal } from './principal.js';

/**
 * An account's standing as directory last published it (`account.standing_changed`): status, current roles and
 * affiliations, and the lowest token version still accepted (logout everywhere, password change, disabling). Directory projects each event into Redis from its own inbox (every service shares that Redis);
 * every service's AuthGuard overlays it on the token's claims (ARCHITECTURE.md §7, decision 23).
 */
export interface Standing {
  accountId: string;
  version: number;
  status: 'active' | 'disabled';
  roles: string[];
  orgs: string[];
  poles: { id: string; role: string }[];
  funders: string[];
  /** Access tokens minted with a lower `ver` claim are refused (sign-out everywhere, password change, disabling). */
  minTokenVersion: number;
}

export interface StandingOptions {
  /** The shared Redis (libs/messaging `redisOptions(REDIS_URL)`). */
  redis: RedisOptions;
  /** The environment's BullMQ prefix: a test suite's keys go with its cleanup. */
  prefix: string;
}

/** Stores the newer standing only: a replayed or late event never rolls an account back. Atomic. */
const PUT_IF_NEWER = `
local cur = redis.call('HGET', KEYS[1], 'version')
if cur and tonumber(cur) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'json', ARGV[2])
return 1
`;

export class StandingUnavailableError extends Error {}

/** Reads (every service) and writes (directory's inbox only) account standings in Redis. */
export class AccountStandings {
  private readonly logger = new Logger('AccountStandings');
  private readonly redis: Redis;

  constructor(private readonly o: StandingOptions) {
    // Fail fast: a request waits at most a second for its standing.
    this.redis = new Redis({ ...o.redis, maxRetriesPerRequest: 1, commandTimeout: 1000, lazyConnect: true });
    this.redis.on('error', (err: Error) => this.logger.debug?.(`redis: ${err.message}`));
  }

  private key(accountId: string): string {
    return `${this.o.prefix}:standing:${accountId}`;
  }

  /** The published standing, or null when directory never published one for the account. */
  async get(accountId: string): Promise<Standing | null> {
    try {
      const json = await this.redis.hget(this.key(accountId), 'json');
      return json ? (JSON.parse(json) as Standing) : null;
    } catch (err) {
      throw new StandingUnavailableError((err as Error).message);
    }
  }

  /** True when stored (newer than what was there). */
  async put(s: Standing): Promise<boolean> {
    return (await this.redis.eval(PUT_IF_NEWER, 1, this.key(s.accountId), s.version, JSON.stringify(s))) === 1;
  }

  close(): void {
    this.redis.disconnect();
  }
}

export type StandingVerdict = { ok: true; principal: Principal } | { ok: false; code: 'ACCOUNT_DISABLED' | 'TOKEN_REVOKED' | 'ACCOUNT_UNKNOWN' };

/**
 * The principal to trust for a token (pure): with `required` (routes with `@Roles`: admin endpoints and
 * role-granting), an account with no published standing is refused; a disabled account or a token minted before a revocation is
 * refused; a standing at least as recent as the token (`tokenVersion`, the `ver` claim) replaces
 * the token's roles and affiliations; an older one (the token was minted after a change whose event is still
 * on its way) leaves the claims as they are.
 */
export function applyStanding(p: Principal, tokenVersion: number, s: Standing | null, { required = false } = {}): StandingVerdict {
  // Admin routes: an account directory never published (deleted, or from another database) is not trusted.
  if (!s && required) return { ok: false, code: 'ACCOUNT_UNKNOWN' };
  // No standing yet, or an older one: the token knows more recent facts than this process does.
  if (!s || s.version < tokenVersion) return { ok: true, principal: p };
  if (s.status !== 'active') return { ok: false, code: 'ACCOUNT_DISABLED' };
  if (tokenVersion < s.minTokenVersion) return { ok: false, code: 'TOKEN_REVOKED' };
  return {
    ok: true,
    principal: {
      ...p,
      roles: s.roles as Role[],
      organisationIds: s.orgs,
      poles: s.poles.map((x) => ({ poleId: x.id, role: x.role as PoleRole })),
      funderIds: s.funders,
    },
  };
}
