import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventPayload } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { Membership, OrganisationRef, PoleRef, PoolMember } from './reference.entity.js';

/** Keeps labelling's copies of directory data: poles, organisations, who works where, the reviewer pools. */
@Injectable()
export class ReferenceConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('pole.published', async (e, em) => {
      const p = e.payload;
      await em.upsert(PoleRef, { id: p.poleId, code: p.code, name: p.name, regions: p.regions, themes: p.themes });
    });
    const organisation = async (p: EventPayload<'organisation.registered'>, em: EntityManager) => {
      await em.upsert(OrganisationRef, { id: p.organisationId, name: p.name, siren: p.siren });
    };
    this.inbox.on('organisation.registered', (e, em) => organisation(e.payload, em));
    this.inbox.on('organisation.updated', (e, em) => organisation(e.payload, em));
    this.inbox.on('affiliation.changed', (e, em) => applyAffiliation(em, e.payload, new Date(e.occurredAt)));
  }
}

export async function applyAffiliation(em: EntityManager, a: EventPayload<'affiliation.changed'>, at: Date): Promise<void> {
  if (a.kind === 'organisation') {
    if (a.change === 'added') await em.upsert(Membership, { userId: a.userId, organisationId: a.targetId });
    else await em.nativeDelete(Membership, { userId: a.userId, organisationId: a.targetId });
    return;
  }
  if (a.kind === 'pole' && a.role === 'reviewer') {
    const found = await em.findOne(PoolMember, { poleId: a.targetId, userId: a.userId });
    if (found) {
      found.active = a.change === 'added';
      found.updatedAt = at;
    } else if (a.change === 'added') {
      em.create(PoolMember, { poleId: a.targetId, userId: a.userId, active: true, available: true, expertise: [], since: at, updatedAt: at });
    }
  }
  // Pole managers and funder officers: their rights travel in their tokens; nothing to keep here.
}
