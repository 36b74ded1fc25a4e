import { Injectable, Logger } from '@nestjs/common';
import { IsolationLevel } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { OutboxWriter, type EmitContext, type EventDraft } from '@poleflow/messaging';
import { Affiliation } from '../affiliations/affiliation.entity.js';
import { Account } from '../accounts/account.entity.js';
import { profileChanged } from '../accounts/accounts.service.js';
import { AuditService } from '../audit/audit.service.js';
import { affiliationChanged } from '../affiliations/affiliations.service.js';
import { Funder } from '../funders/funder.entity.js';
import { funderPublished } from '../funders/funders.seeder.js';
import { Establishment } from '../organisations/establishment.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { organisationPayload } from '../organisations/organisation.rules.js';
import { Pole } from '../poles/pole.entity.js';
import { polePublished } from '../poles/poles.seeder.js';
import { REPUBLISHABLE, type RepublishCounts, type RepublishType } from './republish.dto.js';

/** Rows read and events appended per round; one type still commits in one transaction. */
export const REPUBLISH_PAGE = 500;

/**
 * The stream a republished event travels on: the entity's own stream id, namespaced by the run.
 *
 * Not the entity's real stream, on purpose. Consumers keep a cursor per (source, streamId) and refuse a gap
 * (libs/messaging InboxWorker). A consumer whose cursor is behind the stream's numbering — one routed after the
 * stream began (when the numbering is per stream), or one whose read model was rebuilt from nothing (cursor 0)
 * — would have an event numbered after the ones it missed retried and dead-lettered as SEQUENCE_GAP: the very
 * consumer a republish is for. A stream of its own per run starts at 1 for every consumer, and keeps the
 * per-entity order within the run (one account's affiliations come in order).
 */
export const republishStream = (runId: string, streamId: string): string => `republish:${runId}:${streamId}`;

export interface RepublishOutcome {
  runId: string;
  counts: RepublishCounts;
}

/**
 * Re-emits the current reference data for a consumer that joins a running platform (labelling or funding added
 * later, a read model rebuilt from scratch): one `pole.published` per pole, one `funder.published` per funder,
 * one `organisation.registered` per organisation and one `affiliation.changed` (change `added`) per existing
 * affiliation, built by the same functions as the real emissions, through the outbox, one transaction per type
 * (REPEATABLE READ, so each type is a consistent snapshot), in pages of REPUBLISH_PAGE.
 *
 * Replaying is harmless: every consumer of these events applies them as idempotent upserts keyed on the
 * payload's ids (poleId, funderId, organisationId, userId + targetId + role), so a consumer that already holds
 * the data rewrites the same values, and running the republish twice changes nothing but the outbox. Ended
 * affiliations are not re-emitted as `removed`: a late consumer never saw them added, and the others already saw
 * them go.
 *
 * Known limit: the run's streams are not ordered with the entities' real streams. A change that commits while
 * the run is taken or consumed (an affiliation removed at that moment) may reach a consumer before the older
 * snapshot, which then overwrites it until the next change. Run it on a quiet platform, or run it again.
 * Each run also leaves `stream_sequences` rows for the streams it used here, and one cursor per stream in each
 * consumer: negligible for an occasional operator action.
 */
@Injectable()
export class RepublishService {
  private readonly logger = new Logger(RepublishService.name);
  /** Rows per page (tests lower it to cross page boundaries). */
  pageSize = REPUBLISH_PAGE;

  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter, private readonly audit: AuditService) {}

  /** `types`: a subset of REPUBLISHABLE (all of them when absent), emitted in REPUBLISHABLE's order. */
  async republish(types: readonly RepublishType[] | undefined, ctx: EmitContext): Promise<RepublishOutcome> {
    const runId = uuidv7();
    const wanted = types ?? REPUBLISHABLE;
    const counts: RepublishCounts = {};
    for (const type of REPUBLISHABLE.filter((t) => wanted.includes(t))) {
      counts[type] = await this.orm.em.fork().transactional((em) => this.emit(em, type, runId, ctx), { isolationLevel: IsolationLevel.REPEATABLE_READ });
    }
    this.logger.log({ runId, counts, correlationId: ctx.correlationId }, 'reference data republished');
    await this.audit.recordNow({
      action: 'admin.republished', outcome: 'success', actorId: ctx.actor?.userId ?? null,
      details: { runId, types: Object.keys(counts), events: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0) },
    });
    return { runId, counts };
  }

  private emit(em: EntityManager, type: RepublishType, runId: string, ctx: EmitContext): Promise<number> {
    const page = { orderBy: { id: 'asc' as const }, limit: this.pageSize };
    const after = (id: string | null) => (id ? { id: { $gt: id } } : {});
    switch (type) {
      case 'pole.published':
        return this.emitAll(em, (id) => em.find(Pole, after(id), page), polePublished, runId, ctx);
      case 'funder.published':
        return this.emitAll(em, (id) => em.find(Funder, after(id), page), funderPublished, runId, ctx);
      case 'organisation.registered':
        return this.emitAll(em, (id) => withEstablishments(em, em.find(Organisation, after(id), page)),
          ({ org, establishments }): EventDraft<'organisation.registered'> => ({ type: 'organisation.registered', streamId: org.id, payload: organisationPayload(org, establishments) }), runId, ctx);
      case 'affiliation.changed':
        return this.emitAll(em, (id) => em.find(Affiliation, after(id), page), (a) => affiliationChanged(a, 'added'), runId, ctx);
      case 'account.profile_changed':
        return this.emitAll(em, (id) => em.find(Account, after(id), page), profileChanged, runId, ctx);
    }
  }

  /** Keyset pages by id; each page's events are appended, then the identity map is cleared. */
  private async emitAll<E extends { id: string }>(
    em: EntityManager, fetch: (afterId: string | null) => Promise<E[]>, draft: (e: E) => EventDraft, runId: string, ctx: EmitContext,
  ): Promise<number> {
    let total = 0;
    let last: string | null = null;
    for (;;) {
      const rows = await fetch(last);
      if (!rows.length) return total;
      await this.outbox.append(em, rows.map((r) => {
        const d = draft(r);
        return { ...d, streamId: republishStream(runId, d.streamId) };
      }), ctx);
      total += rows.length;
      last = rows[rows.length - 1].id;
      em.clear();
      if (rows.length < this.pageSize) return total;
    }
  }
}

/** A page of organisations with their establishments (one query), keyed by the organisation's id for the keyset. */
async function withEstablishments(em: EntityManager, page: Promise<Organisation[]>): Promise<{ id: string; org: Organisation; establishments: Establishment[] }[]> {
  const orgs = await page;
  const all = orgs.length ? await em.find(Establishment, { organisationId: { $in: orgs.map((o) => o.id) } }) : [];
  return orgs.map((org) => ({ id: org.id, org, establishments: all.filter((e) => e.organisationId === org.id) }));
}
