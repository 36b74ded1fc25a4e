import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import type { EventPayload } from '@poleflow/contracts';
import { answerInvitation, DomainError, emptyBudget, type InvitationCommand, type InvitationStatus } from '@poleflow/domain';
import { principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter } from '@poleflow/messaging';
import { OrganisationRef } from '../reference/reference.entity.js';
import { canSee, isCoordinatorMember, notCoordinator, projectNotFound } from '../projects/project.access.js';
import { Partner, Project } from '../projects/project.entity.js';
import { assertEditable } from '../projects/project.rules.js';
import { assertKnownOrganisation, fundersOf, loadForWrite, organisationsById } from '../projects/project.store.js';
import { Invitation } from './invitation.entity.js';
import type { InvitationView } from './invitation.dto.js';

const invitationNotFound = (id: string): DomainError => new DomainError('INVITATION_NOT_FOUND', `no invitation ${id}`, 404);
const normalEmail = (e: string): string => e.trim().toLowerCase();

export interface Invite { projectId: string; organisationId?: string; email?: string; message?: string }

/** The invitation is addressed to the caller: a member of the invited organisation, or the invited e-mail's account. */
export function isInvitee(p: Principal, i: Pick<Invitation, 'organisationId' | 'email'>): boolean {
  if (i.organisationId) return p.organisationIds.includes(i.organisationId);
  return i.email !== null && normalEmail(p.email) === i.email;
}

/**
 * Consortium consent: the coordinator invites, the invited organisation's members accept or decline, the
 * coordinator may withdraw. Each answer locks the project row (a submission checks pending invitations under the
 * same lock) and writes its event in the same transaction.
 */
@Injectable()
export class InvitationsService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async invite(cmd: Invite, ctx: RequestCtx): Promise<InvitationView> {
    const principal = principalOf(ctx);
    if ((cmd.organisationId === undefined) === (cmd.email === undefined)) {
      throw new DomainError('VALIDATION_FAILED', 'invite either an organisation or an e-mail address', 400, {
        errors: [{ path: 'organisationId', message: 'give exactly one of organisationId and email' }],
      });
    }
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const { project, partners } = await loadForWrite(em, cmd.projectId, principal);
        if (!isCoordinatorMember(principal, project)) throw notCoordinator();
        assertEditable(project);
        let org: OrganisationRef | null = null;
        if (cmd.organisationId) {
          org = await assertKnownOrganisation(em, cmd.organisationId);
          if (partners.some((p) => p.organisationId === org!.id)) {
            throw new DomainError('ALREADY_A_PARTNER', `${org.name} is already a partner of this project`, 409, { organisationId: org.id });
          }
        }
        const now = new Date();
        const invitation = em.create(Invitation, {
          id: uuidv7(), projectId: project.id, organisationId: org?.id ?? null, email: cmd.email ? normalEmail(cmd.email) : null, role: 'partner',
          message: cmd.message ?? '', status: 'pending', invitedBy: principal.userId, invitedAt: now, answeredBy: null, answeredAt: null, declineReason: null,
        });
        await em.flush();
        const coordinator = await em.findOne(OrganisationRef, project.coordinatorOrganisationId);
        await this.outbox.append(em, [{
          type: 'partner.invited', streamId: project.id,
          payload: { ...this.ref(invitation, project, org), invitedBy: principal.userId, invitedAt: now.toISOString(), coordinatorName: coordinator?.name ?? '' },
        }], ctx);
        return this.view(invitation, project, org, coordinator);
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new DomainError('ALREADY_INVITED', 'an invitation to this organisation or address is already pending', 409);
      }
      throw err;
    }
  }

  /** A project's invitations, newest first, for whoever may see the project. */
  async forProject(projectId: string, principal: Principal): Promise<InvitationView[]> {
    const em = this.orm.em.fork();
    const project = await em.findOne(Project, projectId);
    if (!project) throw projectNotFound(projectId);
    const partners = await em.find(Partner, { projectId });
    if (!canSee(principal, project, partners, await fundersOf(em, principal, projectId))) throw projectNotFound(projectId);
    const rows = await em.find(Invitation, { projectId }, { orderBy: { invitedAt: 'desc', id: 'desc' } });
    return this.views(em, rows, new Map([[project.id, project]]));
  }

  /** The invitations addressed to the caller (their organisations, their e-mail). */
  async mine(status: InvitationStatus, principal: Principal): Promise<InvitationView[]> {
    const em = this.orm.em.fork();
    const rows = await em.find(Invitation, {
      status,
      $or: [{ email: normalEmail(principal.email) }, ...(principal.organisationIds.length ? [{ organisationId: { $in: principal.organisationIds } }] : [])],
    }, { orderBy: { invitedAt: 'desc', id: 'desc' }, limit: 200 });
    return this.views(em, rows);
  }

  async get(id: string, principal: Principal): Promise<InvitationView> {
    const em = this.orm.em.fork();
    const invitation = await em.findOne(Invitation, id);
    if (!invitation) throw invitationNotFound(id);
    const project = await em.findOneOrFail(Project, invitation.projectId);
    if (!isInvitee(principal, invitation) && !isAdmin(principal)) {
      const partners = await em.find(Partner, { projectId: project.id });
      if (!canSee(principal, project, partners, await fundersOf(em, principal, project.id))) throw invitationNotFound(id);
    }
    return (await this.views(em, [invitation], new Map([[project.id, project]])))[0];
  }

  /**
   * Accept: the organisation joins the consortium with an empty budget to fill in and confirm. An invitation by
   * e-mail binds to the caller's organisation named in the request (registered and known to submission).
   */
  async accept(id: string, organisationId: string | undefined, ctx: RequestCtx): Promise<InvitationView> {
    const principal = principalOf(ctx);
    return this.answer(id, 'accept', ctx, async (em, invitation, project) => {
      if (!invitation.organisationId) {
        if (!organisationId) {
          throw new DomainError('ORGANISATION_REQUIRED', 'name the organisation that joins (register it first if needed)', 422, {
            errors: [{ path: 'organisationId', message: 'required to accept an invitation sent by e-mail' }],
          });
        }
        if (!principal.organisationIds.includes(organisationId)) {
          throw new DomainError('NOT_A_MEMBER', 'you may only bring an organisation you are a member of', 403);
        }
        invitation.organisationId = organisationId;
      } else if (organisationId !== undefined && organisationId !== invitation.organisationId) {
        throw new DomainError('ORGANISATION_MISMATCH', 'this invitation is addressed to another organisation', 422, { organisationId: invitation.organisationId });
      }
      const org = await assertKnownOrganisation(em, invitation.organisationId);
      assertEditable(project);
      if (await em.count(Partner, { projectId: project.id, organisationId: org.id })) {
        throw new DomainError('ALREADY_A_PARTNER', `${org.name} is already a partner of this project`, 409, { organisationId: org.id });
      }
      const now = invitation.answeredAt ?? new Date();
      em.create(Partner, {
        projectId: project.id, organisationId: org.id, role: invitation.role, budget: emptyBudget(), addedAt: now,
        nonEconomicActivity: null, mayPublish: null, confirmedAt: null, confirmedBy: null, confirmationResetAt: null,
      });
      project.updatedAt = now; // the consortium is part of the project: its version moves
      return {
        type: 'partner.accepted', streamId: project.id,
        payload: { ...this.ref(invitation, project, org), organisationId: org.id, organisationName: org.name, acceptedBy: principal.userId, acceptedAt: now.toISOString() },
      };
    });
  }

  async decline(id: string, reason: string | undefined, ctx: RequestCtx): Promise<InvitationView> {
    const principal = principalOf(ctx);
    return this.answer(id, 'decline', ctx, async (em, invitation, project) => {
      invitation.declineReason = reason?.trim() || null;
      const org = invitation.organisationId ? await em.findOne(OrganisationRef, invitation.organisationId) : null;
      return {
        type: 'partner.declined', streamId: project.id,
        payload: { ...this.ref(invitation, project, org), declinedBy: principal.userId, declinedAt: (invitation.answeredAt ?? new Date()).toISOString(), reason: invitation.declineReason },
      };
    });
  }

  async withdraw(id: string, ctx: RequestCtx): Promise<InvitationView> {
    const principal = principalOf(ctx);
    return this.answer(id, 'withdraw', ctx, async (em, invitation, project) => {
      const org = invitation.organisationId ? await em.findOne(OrganisationRef, invitation.organisationId) : null;
      return {
        type: 'partner.invitation_withdrawn', streamId: project.id,
        payload: { ...this.ref(invitation, project, org), withdrawnBy: principal.userId, withdrawnAt: (invitation.answeredAt ?? new Date()).toISOString() },
      };
    });
  }

  /**
   * The frame of an answer: the invitation and its project locked (project first, like every project writer);
   * only the invitee accepts or declines, only the coordinator withdraws; anyone else gets 404.
   */
  private answer(
    id: string, command: InvitationCommand, ctx: RequestCtx,
    change: (em: EntityManager, invitation: Invitation, project: Project) => Promise<InvitationEvent>,
  ): Promise<InvitationView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const found = await em.findOne(Invitation, id);
      if (!found) throw invitationNotFound(id);
      const project = await em.findOneOrFail(Project, found.projectId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const invitation = await em.findOneOrFail(Invitation, id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const invitee = isInvitee(principal, invitation);
      const coordinator = isCoordinatorMember(principal, project);
      if (command === 'withdraw' ? !coordinator : !invitee) {
        if (!invitee && !coordinator) throw invitationNotFound(id);
        throw command === 'withdraw' ? notCoordinator()
          : new DomainError('NOT_INVITEE', 'only the invited organisation (or the invited person) may answer', 403);
      }
      invitation.status = answerInvitation(invitation.status, command);
      invitation.answeredBy = principal.userId;
      invitation.answeredAt = new Date();
      const event = await change(em, invitation, project);
      await em.flush();
      await this.outbox.append(em, [event], ctx);
      return (await this.views(em, [invitation], new Map([[project.id, project]])))[0];
    });
  }

  private ref(i: Invitation, project: Project, org: OrganisationRef | null) {
    return {
      invitationId: i.id, projectId: project.id, acronym: project.acronym, organisationId: i.organisationId, organisationName: org?.name ?? null,
      byEmail: i.email !== null, role: i.role,
    };
  }

  private async views(em: EntityManager, rows: Invitation[], known = new Map<string, Project>()): Promise<InvitationView[]> {
    const missing = [...new Set(rows.map((r) => r.projectId))].filter((id) => !known.has(id));
    if (missing.length) for (const p of await em.find(Project, { id: { $in: missing } })) known.set(p.id, p);
    const orgs = await organisationsById(em, [...rows.flatMap((r) => (r.organisationId ? [r.organisationId] : [])), ...[...known.values()].map((p) => p.coordinatorOrganisationId)]);
    return rows.map((r) => {
      const project = known.get(r.projectId)!;
      return this.view(r, project, r.organisationId ? orgs.get(r.organisationId) ?? null : null, orgs.get(project.coordinatorOrganisationId) ?? null);
    });
  }

  private view(i: Invitation, p: Project, org: OrganisationRef | null, coordinator: OrganisationRef | null): InvitationView {
    return {
      id: i.id,
      project: {
        id: p.id, acronym: p.acronym, title: p.title, summary: p.summary, coordinatorOrganisationId: p.coordinatorOrganisationId,
        coordinatorName: coordinator?.name ?? null, poleIds: p.poleIds, startDate: p.startDate, durationMonths: p.durationMonths, status: p.status,
      },
      organisationId: i.organisationId, organisationName: org?.name ?? null, email: i.email, role: i.role, message: i.message, status: i.status,
      invitedBy: i.invitedBy, invitedAt: i.invitedAt.toISOString(), answeredBy: i.answeredBy, answeredAt: i.answeredAt?.toISOString() ?? null,
      declineReason: i.declineReason,
    };
  }
}

type InvitationEvent =
  | { type: 'partner.accepted'; streamId: string; payload: EventPayload<'partner.accepted'> }
  | { type: 'partner.declined'; streamId: string; payload: EventPayload<'partner.declined'> }
  | { type: 'partner.invitation_withdrawn'; streamId: string; payload: EventPayload<'partner.invitation_withdrawn'> };
