import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { assertIfMatch, principalOf, type RequestCtx } from '@poleflow/http';
import { assertConsortiumComplete, DomainError, execute, type ProjectCommand, type ProjectEvent } from '@poleflow/domain';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import { Invitation } from '../invitations/invitation.entity.js';
import { orderPartners } from './partner-order.js';
import { isCoordinatorMember, notCoordinator } from './project.access.js';
import type { Transition, TransitionProject } from './project.commands.js';
import type { Partner, Project } from './project.entity.js';
import { buildSnapshot, submissionIssues, type OrganisationFacts } from './project.snapshot.js';
import { loadForWrite, organisationsById, viewOf } from './project.store.js';
import type { ProjectView } from './project.view.js';

const machineCommand = (t: Transition): ProjectCommand =>
  t.type === 'withdraw' ? (t.reason === undefined ? { type: 'withdraw' } : { type: 'withdraw', reason: t.reason }) : { type: t.type };

/**
 * Submit, resubmit, withdraw: the project machine (libs/domain) decides, this service persists the new state
 * and appends the wire event in the same transaction. Only the coordinating organisation may do these.
 */
@Injectable()
export class ProjectLifecycleService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async transition(cmd: TransitionProject, ctx: RequestCtx): Promise<ProjectView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { project, partners } = await loadForWrite(em, cmd.projectId, principal);
      if (!isCoordinatorMember(principal, project)) throw notCoordinator();
      assertIfMatch(cmd.ifMatch, project.version);
      // The machine refuses a transition the status does not allow (409 INVALID_TRANSITION) before any
      // completeness check: "you cannot submit twice" says more than "your project is incomplete".
      const { events, state } = execute({ status: project.status, round: project.round }, machineCommand(cmd.transition));
      const orgs = await organisationsById(em, partners.map((p) => p.organisationId));
      if (cmd.transition.type !== 'withdraw') {
        // Nobody is in a consortium without having accepted, and no budget goes out unconfirmed (422 with the list).
        const invitations = await em.find(Invitation, { projectId: project.id, status: 'pending' });
        const invitedOrgs = await organisationsById(em, invitations.flatMap((i) => (i.organisationId ? [i.organisationId] : [])));
        assertConsortiumComplete({
          invitations: invitations.map((i) => ({ ...i, organisationName: i.organisationId ? invitedOrgs.get(i.organisationId)?.name ?? null : null })),
          partners: orderPartners(partners).map((p) => ({ organisationId: p.organisationId, name: orgs.get(p.organisationId)?.name ?? null, confirmed: p.confirmedAt !== null })),
        });
      }
      const drafts = events.map((e) => this.wireEvent(e, project, state.round, partners, orgs));
      // Labelling outcomes exist from a first round's labelling on: none before this transaction's first submission.
      const noOutcomesYet = project.round === 0;
      const now = new Date();
      if (events.some((e) => e.type === 'submitted' || e.type === 'resubmitted')) project.submittedAt = now;
      project.status = state.status;
      project.round = state.round;
      project.updatedAt = now;
      await em.flush();
      await this.outbox.append(em, drafts, ctx);
      return viewOf(em, project, partners, orgs, noOutcomesYet ? [] : undefined);
    });
  }

  /** Domain fact → wire event. A (re)submission carries the full snapshot, checked for completeness first. */
  private wireEvent(e: ProjectEvent, project: Project, round: number, partners: Partner[], orgs: ReadonlyMap<string, OrganisationFacts>): EventDraft {
    switch (e.type) {
      case 'submitted':
      case 'resubmitted': {
        const errors = submissionIssues(project, partners, orgs);
        if (errors.length) throw new DomainError('PROJECT_NOT_SUBMITTABLE', 'the project is not complete', 422, { errors });
        const payload = buildSnapshot(project, round, partners, orgs);
        return e.type === 'submitted'
          ? { type: 'project.submitted', streamId: project.id, payload }
          : { type: 'project.resubmitted', streamId: project.id, payload };
      }
      case 'withdrawn':
        return { type: 'project.withdrawn', streamId: project.id, payload: { projectId: project.id, reason: e.reason ?? null } };
      case 'revision_requested':
        // Decided by labelling, never by a command of this service.
        throw new Error('submission does not emit revision requests');
    }
  }
}
