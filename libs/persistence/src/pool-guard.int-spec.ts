import { Entity, PrimaryKey } from '@mikro-orm/decorators/legacy';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@poleflow/testing';
import { serviceOrmConfig } from './orm-config.js';

@Entity({ tableName: 'probe' })
class Probe {
  @PrimaryKey({ type: 'integer' }) id!: number;
}

/** Resolves with the promise's outcome, or 'hung' when it has not settled within `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | 'hung'> =>
  Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), ms).unref())]);

describe('pool guard: a connection broken mid-transaction (PostgreSQL restart) is given back', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase('poolguard');
    orm = await MikroORM.init(serviceOrmConfig({ schema: 'public', clientUrl: db.url, entities: [Probe], migrationsPath: '/nonexistent', migrationsPathTs: '/nonexistent', poolMax: 2 }) as never);
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await db?.drop();
  });

  it('serves queries again after every pooled connection died inside a transaction, and closes', async () => {
    // Fill the pool with transactions whose backends are terminated (what a restart does to them) while open.
    const failures = await Promise.allSettled([1, 2].map(() => orm.em.fork().transactional(async (em) => {
      const [{ pid }] = await em.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await em.execute('select 1');
    })));
    expect(failures.map((f) => f.status)).toEqual(['rejected', 'rejected']);

    const answer = await within(orm.em.fork().execute<{ ok: number }[]>('select 1 as ok'), 10_000);
    expect(answer).toEqual([{ ok: 1 }]);
    expect(await within(orm.close(), 10_000)).not.toBe('hung');
  });
});
