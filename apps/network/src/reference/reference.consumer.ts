import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { organisationRegions, type EventPayload } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { MatchmakingDemoSeed } from '../matchmaking/demo.seed.js';
import { NetworkDemoSeed } from '../memberships/demo.seed.js';
import { OrganisationRef, PoleRef } from './reference.entity.js';

/** Keeps network's copies of directory data: poles (with their published member figure) and organisations. */
@Injectable()
export class ReferenceConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker, private readonly demo: NetworkDemoSeed, private readonly matchmakingDemo: MatchmakingDemoSeed) {}

  onModuleInit(): void {
    this.inbox.on('pole.published', async (e, em) => {
      const p = e.payload;
      await em.upsert(PoleRef, { id: p.poleId, slug: p.slug, code: p.code, name: p.name, regions: p.regions, themes: p.themes, publishedMembers: p.members ?? null });
    });
    const organisation = async (p: EventPayload<'organisation.registered'>, em: EntityManager) => {
      await em.upsert(OrganisationRef, {
        id: p.organisationId, name: p.name, kind: p.kind, siren: p.siren, region: p.region, regions: organisationRegions(p),
        nafCode: p.nafCode, sizeEu: p.sizeEu, categoryFr: p.categoryFr,
      });
    };
    this.inbox.on('organisation.registered', async (e, em) => {
      await organisation(e.payload, em);
      // SEED_DEMO: the demo organisations become members of Aerospace Valley as they are registered.
      await this.demo.onOrganisation(em, e);
      // network-b: their profiles (and the ONERA lab's open partner request)
      await this.matchmakingDemo.onOrganisation(em, e.payload);
    });
    this.inbox.on('organisation.updated', (e, em) => organisation(e.payload, em));
  }
}
