import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChangeSetType, type EventSubscriber, type FlushEventArgs } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import type { Envelope, EventPayload, EventType } from '@poleflow/contracts';
import { InboxWorker } from '@poleflow/messaging';
import { ident } from '@poleflow/persistence';
import { EmailOutbox, type WrittenNotification } from '../email/email.outbox.js';
import { FeedEntry } from '../integrations/feed.entity.js';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { dateFr, euros, words } from '../timeline/format.js';
import { ProjectView } from '../timeline/timeline.entity.js';
import type { AudienceKind } from './notification.entity.js';

type Audience = { kind: AudienceKind; id: string };

const AREA_FR: Record<string, string> = {
  private_financing: 'financement privé', international: 'international', industrial_property: 'propriété industrielle', human_resources: 'ressources humaines', other: 'autre',
};

/**
 * In-app notifications for the person who has to act next. The reviewer events carry a reviewer's identity:
 * they only ever produce that reviewer's notification, never a timeline entry, a feed row or a webhook. Every
 * other event reaches the tracker's one write path (`recordEntry` → a feed row); this subscriber sees the feed
 * rows a transaction flushes and adds their notifications in the same transaction.
 */
@Injectable()
export class NotificationsConsumer implements OnModuleInit, EventSubscriber {
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly inbox: InboxWorker, private readonly orm: MikroORM, private readonly emails: EmailOutbox) {}

  async afterFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const created = uow.getChangeSets().filter((cs) => cs.type === ChangeSetType.CREATE && cs.entity instanceof FeedEntry).map((cs) => cs.entity as FeedEntry);
    for (const entry of created) await this.notify(em as EntityManager, entry.envelope as unknown as Envelope);
  }

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
    this.inbox.on('labelling.reviewer_assigned', (e, em) => {
      const p = e.payload;
      return this.add(em, e, [{ kind: 'user', id: p.reviewerUserId }], p.projectId,
        `Review ${p.poleName}'s case by ${p.dueAt.slice(0, 10)} (round ${p.round})`, `/api/v1/assignments/${p.assignmentId}`);
    });
    this.inbox.on('labelling.reviewer_reminded', (e, em) => {
      const p = e.payload;
      return this.add(em, e, [{ kind: 'user', id: p.reviewerUserId }], p.projectId,
        `Reminder: your review for ${p.poleName} is due on ${p.dueAt.slice(0, 10)}`, `/api/v1/assignments/${p.assignmentId}`);
    });
    // Matchmaking (network): a contact request, its answer and each message reach the other organisation's members.
    this.inbox.on('network.contact_requested', (e, em) => {
      const p = e.payload;
      return this.add(em, e, [{ kind: 'organisation', id: p.toOrganisationId }], null,
        `${p.fromOrganisationName} souhaite entrer en relation avec ${p.toOrganisationName}${p.partnerRequestTitle ? ` (recherche « ${p.partnerRequestTitle} »)` : ''} : acceptez ou déclinez`,
        `/api/v1/contacts/${p.contactId}`);
    });
    this.inbox.on('network.contact_answered', (e, em) => {
      const p = e.payload;
      return this.add(em, e, [{ kind: 'organisation', id: p.fromOrganisationId }], null,
        p.accepted ? `${p.toOrganisationName} a accepté votre demande de mise en relation : échangez par messages` : `${p.toOrganisationName} a décliné votre demande de mise en relation`,
        `/api/v1/contacts/${p.contactId}`);
    });
    this.inbox.on('network.contact_message_posted', (e, em) => {
      const p = e.payload;
      return this.add(em, e, [{ kind: 'organisation', id: p.toOrganisationId }], null, `Nouveau message de ${p.fromOrganisationName}`, `/api/v1/contacts/${p.contactId}`);
    });
    this.networkHandlers();
    // A security notice (registration answers the same for a new and an existing e-mail): only the owner learns
    // that someone tried. It must reach them even when they turned e-mail notifications off.
    this.inbox.on('account.registration_attempted', (e, em) => this.add(em, e, [{ kind: 'user', id: e.payload.accountId }], null,
      "Quelqu'un a tenté de créer un compte avec votre adresse e-mail. Si c'était vous, connectez-vous ; sinon, aucune action n'est nécessaire.",
      '/api/v1/me'));
  }

  /**
   * Pole membership and member support (network): whoever must act or learn of the change. The organisation's
   * members (`organisation`), the pole's managers (`pole`), or the staff member who took a support request (`user`).
   * The payload's names are optional (events written before them lack them): a neutral word stands in, never an id.
   */
  private networkHandlers(): void {
    const org = (id: string): Audience[] => [{ kind: 'organisation', id }];
    const pole = (id: string): Audience[] => [{ kind: 'pole', id }];
    const ofPole = (name?: string) => (!name ? ' du pôle' : /^[aeiouyhàâéèêîôû]/i.test(name) ? ` d'${name}` : ` de ${name}`);
    const membership = (id: string) => `/api/v1/memberships/${id}`;
    this.inbox.on('membership.applied', (e, em) => {
      const p = e.payload;
      return this.add(em, e, pole(p.poleId), null, `${p.organisationName} demande à adhérer${ofPole(p.poleName)} : acceptez ou refusez`, membership(p.membershipId));
    });
    this.inbox.on('membership.accepted', (e, em) => {
      const p = e.payload;
      return this.add(em, e, org(p.organisationId), null, `L'adhésion de ${p.organisationName}${ofPole(p.poleName)} est acceptée : cotisation ${euros(p.feeCents)} jusqu'au ${dateFr(p.endsOn)}`, membership(p.membershipId));
    });
    this.inbox.on('membership.refused', (e, em) => {
      const p = e.payload;
      return this.add(em, e, org(p.organisationId), null, `L'adhésion de ${p.organisationName}${ofPole(p.poleName)} est refusée : ${p.reason}`, membership(p.membershipId));
    });
    this.inbox.on('membership.renewal_due', (e, em) => {
      const p = e.payload;
      const fee = p.feeCents === undefined ? '' : ` (cotisation ${euros(p.feeCents)})`;
      return this.add(em, e, org(p.organisationId), null, `L'adhésion de ${p.organisationName}${ofPole(p.poleName)} prend fin le ${dateFr(p.endsOn)} : renouvelez-la${fee}`, membership(p.membershipId));
    });
    this.inbox.on('membership.lapsed', (e, em) => {
      const p = e.payload;
      return this.add(em, e, [...org(p.organisationId), ...pole(p.poleId)], null, `L'adhésion de ${p.organisationName}${ofPole(p.poleName)} a expiré le ${dateFr(p.endsOn)} sans renouvellement`, membership(p.membershipId));
    });
    this.inbox.on('membership.left', (e, em) => {
      const p = e.payload;
      return this.add(em, e, pole(p.poleId), null, `${p.organisationName} a quitté${p.poleName ? ` ${p.poleName}` : ' le pôle'}${p.reason ? ` : ${p.reason}` : ''}`, membership(p.membershipId));
    });
    const support = (id: string) => `/api/v1/support-requests/${id}`;
    const about = (p: { subject?: string }) => (p.subject ? ` « ${p.subject} »` : '');
    const orgName = (p: { organisationName?: string }) => p.organisationName ?? 'Un adhérent';
    // The staff member who took the request, else the pole's managers.
    const staff = (p: { poleId: string; assigneeId?: string | null }): Audience[] => (p.assigneeId ? [{ kind: 'user', id: p.assigneeId }] : pole(p.poleId));
    this.inbox.on('support_request.opened', (e, em) => {
      const p = e.payload;
      return this.add(em, e, pole(p.poleId), null, `${orgName(p)} demande un accompagnement (${AREA_FR[p.area]})${about(p)} : prenez la demande avant le ${dateFr(p.dueOn)}`, support(p.supportRequestId));
    });
    this.inbox.on('support_request.taken', (e, em) => {
      const p = e.payload;
      return this.add(em, e, org(p.organisationId), null, `Votre demande d'accompagnement${about(p)} est prise en charge par${ofPole(p.poleName)}`, support(p.supportRequestId));
    });
    this.inbox.on('support_request.answered', (e, em) => {
      const p = e.payload;
      return this.add(em, e, org(p.organisationId), null, `Réponse${ofPole(p.poleName)} à votre demande d'accompagnement${about(p)}`, support(p.supportRequestId));
    });
    this.inbox.on('support_request.more_info_requested', (e, em) => {
      const p = e.payload;
      return this.add(em, e, org(p.organisationId), null, `L'équipe${ofPole(p.poleName)} demande des précisions sur votre demande${about(p)} : répondez-lui`, support(p.supportRequestId));
    });
    this.inbox.on('support_request.closed', (e, em) => {
      const p = e.payload;
      return this.add(em, e, org(p.organisationId), null, `Votre demande d'accompagnement${about(p)} est close`, support(p.supportRequestId));
    });
    this.inbox.on('support_request.replied', (e, em) => {
      const p = e.payload;
      return this.add(em, e, staff(p), null, `${orgName(p)} a répondu sur sa demande d'accompagnement${about(p)}`, support(p.supportRequestId));
    });
    this.inbox.on('support_request.due_soon', (e, em) => {
      const p = e.payload;
      return this.add(em, e, staff(p), null, `Rappel : la demande d'accompagnement de ${orgName(p)}${about(p)} est attendue le ${dateFr(p.dueOn)}`, support(p.supportRequestId));
    });
    this.inbox.on('support_request.overdue', (e, em) => {
      const p = e.payload;
      // Late: the pole's managers learn of it too.
      const to = [...staff(p), ...(p.assigneeId ? pole(p.poleId) : [])];
      return this.add(em, e, to, null, `En retard : la demande d'accompagnement de ${orgName(p)}${about(p)} était attendue le ${dateFr(p.dueOn)}`, support(p.supportRequestId));
    });
  }

  /** The notification an applied event calls for, if any (called inside the inbox transaction). */
  async notify(em: EntityManager, e: Envelope): Promise<void> {
    const n = await this.describe(em, e);
    if (n) await this.add(em, e, n.to, n.projectId, n.message, n.link);
  }

  private async describe(em: EntityManager, e: Envelope): Promise<{ to: Audience[]; projectId: string; message: string; link: string } | null> {
    const type = e.type as EventType;
    const consortium = async (projectId: string): Promise<Audience[]> =>
      ((await em.findOne(ProjectView, projectId))?.organisationIds ?? []).map((id) => ({ kind: 'organisation' as const, id }));
    switch (type) {
      case 'labelling.case_opened': {
        const p = e.payload as EventPayload<'labelling.case_opened'>;
        return { to: [{ kind: 'pole', id: p.poleId }], projectId: p.projectId, message: `Check the admissibility of ${p.acronym} (round ${p.round})`, link: `/api/v1/cases/${p.caseId}` };
      }
      case 'labelling.quorum_reached': {
        const p = e.payload as EventPayload<'labelling.quorum_reached'>;
        return { to: [{ kind: 'pole', id: p.poleId }], projectId: p.projectId, message: `The reviews are in: the committee may decide (${p.reviewCount} reviews)`, link: `/api/v1/cases/${p.caseId}` };
      }
      case 'label.revision_requested': {
        const p = e.payload as EventPayload<'label.revision_requested'>;
        return { to: await consortium(p.projectId), projectId: p.projectId, message: `${p.poleName} asks for ${p.requestedChanges.length} change(s) before labelling: amend and resubmit`, link: `/api/v1/projects/${p.projectId}` };
      }
      case 'partner.invited': {
        const p = e.payload as EventPayload<'partner.invited'>;
        // An invitation by e-mail has no organisation yet: the person finds it under GET /api/v1/invitations.
        if (!p.organisationId) return null;
        return {
          to: [{ kind: 'organisation', id: p.organisationId }], projectId: p.projectId,
          message: `${p.coordinatorName || 'Un coordinateur'} vous invite à rejoindre le consortium du projet ${p.acronym} : acceptez ou déclinez`, link: `/api/v1/invitations/${p.invitationId}`,
        };
      }
      case 'partner.accepted':
      case 'partner.declined': {
        const p = e.payload as EventPayload<'partner.accepted'> | EventPayload<'partner.declined'>;
        const who = p.organisationName ?? 'La personne invitée par e-mail';
        const message = type === 'partner.accepted'
          ? `${who} a rejoint le consortium de ${p.acronym} : renseignez ou faites confirmer son budget`
          : `${who} a décliné l'invitation à rejoindre ${p.acronym}`;
        return { to: await consortium(p.projectId), projectId: p.projectId, message, link: `/api/v1/projects/${p.projectId}` };
      }
      case 'milestones.plan_created': {
        const p = e.payload as EventPayload<'milestones.plan_created'>;
        const first = p.milestones[0];
        return { to: await consortium(p.projectId), projectId: p.projectId, message: `Milestone plan from ${p.funderName}: first, the ${words(first.key)} by ${first.dueAt.slice(0, 10)}`, link: `/api/v1/milestones?projectId=${p.projectId}` };
      }
      case 'milestone.reported': {
        const p = e.payload as EventPayload<'milestone.reported'>;
        return { to: [{ kind: 'funder', id: p.funderId }], projectId: p.projectId, message: `Review the ${words(p.key)} report (TRL ${p.trlReached})`, link: `/api/v1/milestones/${p.milestoneId}` };
      }
      case 'milestone.rejected': {
        const p = e.payload as EventPayload<'milestone.rejected'>;
        return { to: await consortium(p.projectId), projectId: p.projectId, message: `${p.funderName} sent back the ${words(p.key)}: ${p.comment}`, link: `/api/v1/milestones/${p.milestoneId}` };
      }
      case 'milestone.overdue': {
        const p = e.payload as EventPayload<'milestone.overdue'>;
        const to = await consortium(p.projectId);
        if (p.escalated) to.push({ kind: 'funder', id: p.funderId });
        return { to, projectId: p.projectId, message: `The ${words(p.key)} was due on ${p.dueAt.slice(0, 10)}${p.escalated ? ' (escalated)' : ''}: report it`, link: `/api/v1/milestones/${p.milestoneId}` };
      }
      case 'tranche.released': {
        const p = e.payload as EventPayload<'tranche.released'>;
        return { to: await consortium(p.projectId), projectId: p.projectId, message: `${p.funderName} released ${euros(p.totalCents)} for the ${words(p.key)}`, link: `/api/v1/milestones/${p.milestoneId}` };
      }
      default:
        return null;
    }
  }

  private async add(em: EntityManager, e: Envelope, to: Audience[], projectId: string | null, message: string, link: string): Promise<void> {
    if (!to.length) return;
    const written = await em.execute<WrittenNotification[]>(
      `insert into ${this.s}.notifications (id, event_id, event_type, audience_kind, audience_id, project_id, message, link, created_at, read_at)
       values ${to.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, null)').join(', ')}
       on conflict (event_id, audience_kind, audience_id) do nothing returning id, audience_kind, audience_id`,
      to.flatMap((a) => [uuidv7(), e.id, e.type, a.kind, a.id, projectId, message, link, new Date(e.occurredAt)]),
    );
    // Their e-mails, in the same transaction (none for a notification that already existed).
    await this.emails.plan(em, e, written);
  }
}
