import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { principalFromClaims, type AccessTokenClaims, type Principal } from './principal.js';

/**
 * Verifies access tokens: ES256 signature with directory's public key, issuer and expiry, all configured once in
 * `AuthModule` (the key is parsed once). Throws when the token is not valid.
 */
@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  async verify(token: string): Promise<{ principal: Principal; expiresAt: number | undefined }> {
    const claims = await this.jwt.verifyAsync<AccessTokenClaims & { exp?: number }>(token);
    return { principal: principalFromClaims(claims), expiresAt: claims.exp };
  }
}
