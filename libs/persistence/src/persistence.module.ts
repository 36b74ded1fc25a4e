import { Injectable, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Readiness } from '@poleflow/observability';

@Injectable()
class OrmReadiness implements OnApplicationBootstrap {
  constructor(private readonly orm: MikroORM, private readonly readiness: Readiness) {}
  onApplicationBootstrap(): void {
    this.readiness.add('postgres', async () => {
      await this.orm.em.fork().execute('select 1');
      return { ok: true };
    });
    this.readiness.add('migrations', async () => {
      const pending = await this.orm.migrator.getPending();
      return { ok: pending.length === 0, info: { pending: pending.map((m) => m.name) } };
    });
  }
}

/** MikroORM for one service schema, plus its readiness checks (database answers, no pending migration). */
@Module({})
export class PersistenceModule {
  static forRoot(options: Options): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [MikroOrmModule.forRoot(options)],
      providers: [OrmReadiness],
    };
  }
}
