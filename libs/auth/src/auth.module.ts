import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createPublicKey } from 'node:crypto';
import { ACCOUNT_STANDINGS, AccessTokens } from './access-tokens.js';
import { AUTH_OPTIONS, AuthGuard, type AuthOptions } from './auth.guard.js';
import { AccountStandings } from './standing.js';

@Module({})
export class AuthModule {
  static forRoot(opts: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      // The verification key is parsed once (a PEM string would be parsed again on every request).
      imports: [JwtModule.register({ publicKey: createPublicKey(opts.publicKey), verifyOptions: { algorithms: ['ES256'], issuer: opts.issuer } })],
      providers: [
        { provide: AUTH_OPTIONS, useValue: opts },
        { provide: ACCOUNT_STANDINGS, useFactory: () => new AccountStandings({ redis: opts.redis, prefix: opts.prefix }) },
        AccessTokens, { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_OPTIONS, ACCOUNT_STANDINGS, AccessTokens, JwtModule],
    };
  }
}
