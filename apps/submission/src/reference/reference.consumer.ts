import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { organisationRegions, type EventPayload } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { OrganisationRef, PoleRef } from './reference.entity.js';

/**
 * Keeps the read models of organisations and poles that submission needs (ARCHITECTURE.md §2: a service
 * never reads another's tables). Handlers run inside the inbox transaction; upserts keep them idempotent
 * even for an event the inbox has not seen (e.g. a re-registration after a reset).
 */
@Injectable()
export class ReferenceConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('organisation.registered', (e, em) => upsertOrganisation(em, e.payload));
    this.inbox.on('organisation.updated', (e, em) => upsertOrganisation(em, e.payload));
    this.inbox.on('pole.published', (e, em) => upsertPole(em, e.payload));
  }
}

export async function upsertOrganisation(em: EntityManager, p: EventPayload<'organisation.registered'>): Promise<void> {
  await em.upsert(OrganisationRef, {
    id: p.organisationId, name: p.name, kind: p.kind, siren: p.siren, region: p.region, regions: organisationRegions(p), sizeEu: p.sizeEu, categoryFr: p.categoryFr,
  });
}

export async function upsertPole(em: EntityManager, p: EventPayload<'pole.published'>): Promise<void> {
  await em.upsert(PoleRef, { id: p.poleId, slug: p.slug, name: p.name, regions: p.regions, themes: p.themes });
}
