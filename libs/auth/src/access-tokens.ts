import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { principalFromClaims, type AccessTokenClaims, type Principal } from './principal.js';
import { AccountStandings, applyStanding, StandingUnavailableError } from './standing.js';

export const ACCOUNT_STANDINGS = Symbol('ACCOUNT_STANDINGS');

/** A token that verifies but may no longer be used: its account is disabled, or its sessions were revoked. */
export class TokenRefusedError extends Error {
  constructor(readonly code: 'ACCOUNT_DISABLED' | 'TOKEN_REVOKED' | 'ACCOUNT_UNKNOWN' | 'STANDING_UNAVAILABLE') {
    super(code);
  }
}

export interface VerifiedToken {
  principal: Principal;
  expiresAt: number | undefined;
  issuedAt: number | undefined;
}

/**
 * Verifies access tokens: ES256 signature with directory's public key, issuer and expiry, all configured once in
 * `AuthModule` (the key is parsed once); then overlays the account's current standing (status, roles,
 * affiliations, revocation instant) that directory published, so a stale claim is never trusted over a newer
 * fact. Throws when the token is not valid, `TokenRefusedError` when it may no longer be used.
 */
@Injectable()
export class AccessTokens implements OnApplicationShutdown {
  private readonly logger = new Logger('AccessTokens');

  constructor(private readonly jwt: JwtService, @Inject(ACCOUNT_STANDINGS) private readonly standings: AccountStandings) {}

  /**
   * `strict` (admin and role-granting routes, for a token whose claims would be let in): the account must have a
   * published standing, and a standing that cannot be read (Redis unreachable) refuses; elsewhere an unreadable
   * standing falls back on the claims, with a warning.
   */
  async verify(token: string, { strict = true }: { strict?: boolean | ((claimed: Principal) => boolean) } = {}): Promise<VerifiedToken> {
    const claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number; iat?: number }>(token);
    const principal = principalFromClaims(claims);
    strict = typeof strict === 'function' ? strict(principal) : strict;
    let standing = null;
    try {
      standing = await this.standings.get(principal.userId);
    } catch (err) {
      if (!(err instanceof StandingUnavailableError)) throw err;
      if (strict) throw new TokenRefusedError('STANDING_UNAVAILABLE');
      this.logger.warn({ err: err.message }, 'account standing unavailable; trusting the token claims');
    }
    const verdict = applyStanding(principal, claims.ver ?? 0, standing, { required: strict });
    if (!verdict.ok) throw new TokenRefusedError(verdict.code);
    return { principal: verdict.principal, expiresAt: claims.exp, issuedAt: claims.iat };
  }

  onApplicationShutdown(): void {
    this.standings.close();
  }
}
