import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, pageOf, type Page } from '@poleflow/http';
import { funderIdOf } from '../reference/ids.js';
import type { FunderQuery, FunderView } from './funder.dto.js';
import { Funder } from './funder.entity.js';
import { FUNDER_SEEDS } from './funders.data.js';

export const funderView = (f: Funder): FunderView => ({ id: f.id, slug: f.slug, name: f.name, kind: f.kind, region: f.region, website: f.website });

/** The public list of funders, and their idempotent seeding (reference data: no event). */
@Injectable()
export class FundersService {
  constructor(private readonly orm: MikroORM) {}

  async list(q: FunderQuery): Promise<Page<FunderView>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor);
    const rows = await this.orm.em.fork().find(
      Funder,
      {
        ...(q.kind ? { kind: q.kind } : {}),
        ...(after ? { $or: [{ slug: { $gt: after.key } }, { slug: after.key, id: { $gt: after.id } }] } : {}),
      },
      { orderBy: { slug: 'asc', id: 'asc' }, limit: limit + 1 },
    );
    return pageOf(rows, limit, funderView, (f) => [f.slug, f.id]);
  }

  async get(id: string): Promise<FunderView> {
    const f = await this.orm.em.fork().findOne(Funder, id);
    if (!f) throw new DomainError('FUNDER_NOT_FOUND', `no funder ${id}`, 404);
    return funderView(f);
  }

  /** Upserts the reference funders by deterministic id; returns how many rows were created. */
  async seed(): Promise<number> {
    return this.orm.em.fork().transactional(async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('poleflow.directory.seed.funders'))`);
      const existing = new Map((await em.find(Funder, {})).map((f) => [f.id, f]));
      let created = 0;
      for (const s of FUNDER_SEEDS) {
        const id = funderIdOf(s.slug);
        const current = existing.get(id);
        if (current) em.assign(current, s);
        else {
          em.create(Funder, { id, ...s });
          created++;
        }
      }
      await em.flush();
      return created;
    });
  }
}
