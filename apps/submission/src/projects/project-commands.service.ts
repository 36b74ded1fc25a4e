import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { assertIfMatch, principalOf, type RequestCtx } from '@poleflow/http';
import { DomainError, emptyBudget, initialProjectState } from '@poleflow/domain';
import { OutboxWriter } from '@poleflow/messaging';
import { isCoordinatorMember, isPartnerMember, notAPartner, notCoordinator } from './project.access.js';
import type { CreateProject, RemovePartner, UpdateProject } from './project.commands.js';
import { OrganisationRef } from '../reference/reference.entity.js';
import { Partner, Project } from './project.entity.js';
import { applyContent, assertEditable } from './project.rules.js';
import { assertKnownOrganisation, assertKnownPoles, loadForWrite, viewOf } from './project.store.js';
import type { ProjectView } from './project.view.js';

/**
 * Writes to a project's content and consortium. Each command is one transaction; its events go to the outbox
 * in that same transaction (ARCHITECTURE.md §3.1).
 */
@Injectable()
export class ProjectCommandService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  private tx<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional(work);
  }

  async create(cmd: CreateProject, ctx: RequestCtx): Promise<ProjectView> {
    const principal = principalOf(ctx);
    if (!principal.organisationIds.includes(cmd.coordinatorOrganisationId)) {
      throw new DomainError('NOT_A_MEMBER', 'you may only create a project for an organisation you are a member of', 403);
    }
    return this.tx(async (em) => {
      await assertKnownOrganisation(em, cmd.coordinatorOrganisationId);
      await assertKnownPoles(em, cmd.content.poleIds ?? []);
      const now = new Date();
      const project = em.create(Project, {
        id: uuidv7(), acronym: cmd.acronym, title: cmd.title, summary: '', themes: [], keywords: [], trlStart: null, trlTarget: null,
        startDate: null, durationMonths: null, poleIds: [], coordinatorOrganisationId: cmd.coordinatorOrganisationId, wideDissemination: null,
        status: initialProjectState.status, round: initialProjectState.round, submittedAt: null, createdAt: now, updatedAt: now,
      });
      applyContent(project, cmd.content);
      // The coordinator ("chef de file") is a partner from the start, with a budget it fills in later.
      const coordinator = em.create(Partner, {
        projectId: project.id, organisationId: cmd.coordinatorOrganisationId, role: 'coordinator', budget: emptyBudget(), addedAt: now,
        nonEconomicActivity: null, mayPublish: null, confirmedAt: now, confirmedBy: principal.userId, confirmationResetAt: null,
      });
      await em.flush();
      await this.outbox.append(em, [{
        type: 'project.created', streamId: project.id,
        payload: { projectId: project.id, acronym: project.acronym, title: project.title, coordinatorOrganisationId: project.coordinatorOrganisationId },
      }], ctx);
      return viewOf(em, project, [coordinator]);
    });
  }

  async update(cmd: UpdateProject, ctx: RequestCtx): Promise<ProjectView> {
    return this.edit(cmd, ctx, 'partner', async (em, project, partners) => {
      if (cmd.changes.poleIds) await assertKnownPoles(em, cmd.changes.poleIds);
      if (applyContent(project, cmd.changes)) project.updatedAt = new Date();
      return partners;
    });
  }

  async removePartner(cmd: RemovePartner, ctx: RequestCtx): Promise<ProjectView> {
    return this.edit(cmd, ctx, 'coordinator', async (em, project, partners) => {
      if (cmd.organisationId === project.coordinatorOrganisationId) {
        throw new DomainError('CANNOT_REMOVE_COORDINATOR', 'the coordinator cannot leave its own project', 422);
      }
      const partner = partners.find((p) => p.organisationId === cmd.organisationId);
      if (!partner) throw new DomainError('PARTNER_NOT_FOUND', `organisation ${cmd.organisationId} is not a partner of this project`, 404);
      em.remove(partner);
      const now = new Date();
      project.updatedAt = now;
      const org = await em.findOne(OrganisationRef, partner.organisationId);
      await this.outbox.append(em, [{
        type: 'partner.removed', streamId: project.id,
        payload: { projectId: project.id, acronym: project.acronym, organisationId: partner.organisationId, organisationName: org?.name ?? '', removedBy: principalOf(ctx).userId, removedAt: now.toISOString() },
      }], ctx);
      return partners.filter((p) => p !== partner);
    });
  }

  /**
   * The frame of every edit: one transaction; the project as the caller may see it (else 404); the caller's
   * right to edit (members of any partner, or of the coordinator only); If-Match; an editable status.
   * `change` mutates and returns the partners to show; the flush bumps the version.
   */
  private edit(
    cmd: { projectId: string; ifMatch: string | undefined },
    ctx: RequestCtx,
    who: 'partner' | 'coordinator',
    change: (em: EntityManager, project: Project, partners: Partner[]) => Promise<Partner[]>,
  ): Promise<ProjectView> {
    const principal = principalOf(ctx);
    return this.tx(async (em) => {
      const { project, partners } = await loadForWrite(em, cmd.projectId, principal);
      if (who === 'partner' ? !isPartnerMember(principal, partners) : !isCoordinatorMember(principal, project)) {
        throw who === 'partner' ? notAPartner() : notCoordinator();
      }
      assertIfMatch(cmd.ifMatch, project.version);
      assertEditable(project);
      const shown = await change(em, project, partners);
      await em.flush();
      return viewOf(em, project, shown);
    });
  }
}
