import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventPayload } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { dateFr, euros } from './format.js';
import { projectView, recordEntry } from './timeline.store.js';

const KINDS_FR: Record<string, string> = { conferences: 'conférences', open_access_publications: 'publications en accès ouvert', open_source_software: 'logiciel libre' };

/** "ONERA", or "une personne invitée par e-mail" (an address is not shown on a timeline staff may read). */
const invitee = (p: { organisationName: string | null }): string => p.organisationName ?? 'une personne invitée par e-mail';

/**
 * The consortium's consent on the timeline, in French (the people who read it): who was invited, who accepted or
 * declined and when, budgets confirmed, declarations changed after submission. An organisation that accepts joins
 * the project's readers at once.
 */
@Injectable()
export class ConsortiumTimelineConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    this.inbox.on('partner.invited', async (e, em) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId, p.acronym);
      recordEntry(em, e, view.id, view.stage, `${p.coordinatorName || 'Le coordinateur'} invite ${invitee(p)} à rejoindre le consortium — ${dateFr(p.invitedAt)}`);
    });
    this.inbox.on('partner.accepted', async (e, em) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId, p.acronym);
      view.organisationIds = [...new Set([...view.organisationIds, p.organisationId])];
      view.updatedAt = new Date(e.occurredAt);
      recordEntry(em, e, view.id, view.stage, `${p.organisationName} a accepté de rejoindre le consortium — ${dateFr(p.acceptedAt)}`);
    });
    this.inbox.on('partner.declined', async (e, em) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId, p.acronym);
      recordEntry(em, e, view.id, view.stage, `${invitee(p)} a décliné l'invitation${p.reason ? ` (« ${p.reason} »)` : ''} — ${dateFr(p.declinedAt)}`);
    });
    this.inbox.on('partner.invitation_withdrawn', async (e, em) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId, p.acronym);
      recordEntry(em, e, view.id, view.stage, `Invitation de ${invitee(p)} retirée par le coordinateur — ${dateFr(p.withdrawnAt)}`);
    });
    this.inbox.on('partner.removed', async (e, em) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId, p.acronym);
      view.organisationIds = view.organisationIds.filter((o) => o !== p.organisationId);
      view.updatedAt = new Date(e.occurredAt);
      recordEntry(em, e, view.id, view.stage, `${p.organisationName} a été retiré du consortium par le coordinateur — ${dateFr(p.removedAt)}`);
    });
    this.inbox.on('partner.budget_confirmed', async (e, em) => {
      const p = e.payload;
      const view = await projectView(em, p.projectId);
      recordEntry(em, e, view.id, view.stage, `${p.organisationName} a confirmé son budget (${euros(p.totalCents)}) et ses déclarations — ${dateFr(p.confirmedAt)}`);
    });
    this.inbox.on('project.declarations_changed', async (e, em) => {
      const p: EventPayload<'project.declarations_changed'> = e.payload;
      const view = await projectView(em, p.projectId);
      const wide = p.wideDissemination.declared ? `diffusion large (${p.wideDissemination.kinds.map((k) => KINDS_FR[k] ?? k).join(', ')})` : 'pas de diffusion large';
      const nonEconomic = p.partners.filter((x) => x.declarations.confirmed && x.declarations.nonEconomicActivity).length;
      recordEntry(em, e, view.id, view.stage,
        `Déclarations RGEC mises à jour : ${wide}, ${nonEconomic} organisme(s) de recherche en activité non économique ; les candidatures en cours sont réévaluées — ${dateFr(e.occurredAt)}`);
    });
  }
}
