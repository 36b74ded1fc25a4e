import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '@poleflow/domain';
import { decodeCursor, pageOf, type Page } from '@poleflow/http';
import type { FunderQuery, FunderView } from './funder.dto.js';
import { Funder } from './funder.entity.js';

export const funderView = (f: Funder): FunderView => ({ id: f.id, slug: f.slug, name: f.name, kind: f.kind, region: f.region, website: f.website });

/** The public list of funders (seeded by FundersSeeder). */
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
}
