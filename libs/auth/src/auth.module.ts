import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AUTH_OPTIONS, AuthGuard, type AuthOptions } from './auth.guard.js';

@Module({})
export class AuthModule {
  static forRoot(opts: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [JwtModule.register({})],
      providers: [{ provide: AUTH_OPTIONS, useValue: opts }, { provide: APP_GUARD, useClass: AuthGuard }],
      exports: [AUTH_OPTIONS, JwtModule],
    };
  }
}
