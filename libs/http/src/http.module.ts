import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { StorableInputGuard } from './input-guard.js';
import { IDEMPOTENCY_SCHEMA, IdempotencyInterceptor } from './idempotency.js';
import { ProblemFilter } from './problem.js';
import { validationPipe } from './validation.js';

/**
 * The shared HTTP conventions: problem+json errors, input PostgreSQL cannot store refused, strict validation,
 * Idempotency-Key on writes.
 */
@Module({})
export class HttpConventionsModule {
  static forRoot(opts: { schema: string }): DynamicModule {
    return {
      module: HttpConventionsModule,
      providers: [
        { provide: IDEMPOTENCY_SCHEMA, useValue: opts.schema },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: StorableInputGuard },
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
