import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import type { ServiceName } from '@poleflow/contracts';
import { CONSISTENCY_OPTIONS, ConsistencyInterceptor } from './consistency.js';
import { StorableInputGuard } from './input-guard.js';
import { IDEMPOTENCY_SCHEMA, IdempotencyClaims, IdempotencyInterceptor } from './idempotency.js';
import { ProblemFilter } from './problem.js';
import { validationPipe } from './validation.js';

/**
 * The shared HTTP conventions: problem+json errors, input PostgreSQL cannot store refused, strict validation,
 * Idempotency-Key on writes, and read-your-writes (`Poleflow-Consistency`). The consistency interceptor is
 * registered after the idempotency one, so it runs inside it and an idempotent replay carries the token of the
 * first answer.
 */
@Module({})
export class HttpConventionsModule {
  static forRoot(opts: { service: ServiceName; schema: string; consistencyWaitMs: number }): DynamicModule {
    return {
      module: HttpConventionsModule,
      providers: [
        { provide: IDEMPOTENCY_SCHEMA, useValue: opts.schema },
        IdempotencyClaims,
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_GUARD, useClass: StorableInputGuard },
        { provide: APP_PIPE, useFactory: validationPipe },
        { provide: CONSISTENCY_OPTIONS, useValue: { service: opts.service, schema: opts.schema, waitMs: opts.consistencyWaitMs } },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
      ],
    };
  }
}
