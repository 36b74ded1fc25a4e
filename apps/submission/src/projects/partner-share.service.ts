import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { assertIfMatch, principalOf, type RequestCtx } from '@poleflow/http';
import { declaresGber, DomainError, partnerTotal, type Declarations, type PartnerBudgetInput, type PartnerRole } from '@poleflow/domain';
import { OutboxWriter, type EventDraft } from '@poleflow/messaging';
import type { Principal } from '@poleflow/auth';
import { isCoordinatorMember, notCoordinator } from './project.access.js';
import type { Partner, Project, WideDissemination } from './project.entity.js';
import { assertEditable, completeBudget } from './project.rules.js';
import { declarationsOf, disseminationOf } from './project.snapshot.js';
import { assertKnownOrganisation, loadForWrite, organisationsById, viewOf } from './project.store.js';
import type { ProjectView } from './project.view.js';

interface ShareWrite { projectId: string; organisationId: string; ifMatch: string | undefined }

const partnerNotFound = (organisationId: string): DomainError =>
  new DomainError('PARTNER_NOT_FOUND', `organisation ${organisationId} is not a partner of this project: invite it first`, 404, { organisationId });

const notThisPartner = (): DomainError =>
  new DomainError('NOT_THIS_PARTNER', "only the coordinator or the partner's own members may change its budget and declarations", 403);

/**
 * A partner's share of the project: its budget lines and GBER declarations. The coordinator enters them for
 * anyone (the partner must then confirm: a change resets a confirmation); a partner's members enter or confirm
 * their own, which confirms them. Declarations stay editable after a submission: a change then emits
 * `project.declarations_changed` and funding re-assesses.
 */
@Injectable()
export class PartnerShareService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  async putBudget(cmd: ShareWrite & { role?: PartnerRole; budget: PartnerBudgetInput }, ctx: RequestCtx): Promise<ProjectView> {
    return this.write(cmd, ctx, 'draft', async (em, project, partner, own) => {
      const budget = completeBudget(cmd.budget);
      if (cmd.role !== undefined && cmd.role !== partner.role) {
        throw new DomainError('ROLE_MISMATCH', `organisation ${cmd.organisationId} can only be a ${partner.role} of this project`, 422, { role: partner.role });
      }
      const changed = JSON.stringify(budget) !== JSON.stringify(partner.budget);
      partner.budget = budget;
      return changed || own;
    });
  }

  async putDeclarations(cmd: ShareWrite & { changes: Partial<Declarations> }, ctx: RequestCtx): Promise<ProjectView> {
    return this.write(cmd, ctx, 'declarations', async (em, project, partner) => {
      const org = await assertKnownOrganisation(em, partner.organisationId);
      if (!declaresGber(org.kind)) {
        throw new DomainError('DECLARATION_NOT_APPLICABLE', 'non-economic activity and publication concern research organisations and training bodies only', 422, { kind: org.kind });
      }
      const before = [partner.nonEconomicActivity, partner.mayPublish];
      if (cmd.changes.nonEconomicActivity !== undefined) partner.nonEconomicActivity = cmd.changes.nonEconomicActivity;
      if (cmd.changes.mayPublish !== undefined) partner.mayPublish = cmd.changes.mayPublish;
      return before[0] !== partner.nonEconomicActivity || before[1] !== partner.mayPublish;
    });
  }

  /** The partner's members confirm the budget and declarations the coordinator entered. */
  async confirm(cmd: ShareWrite, ctx: RequestCtx): Promise<ProjectView> {
    return this.write(cmd, ctx, 'declarations', async (_em, _project, _partner, own) => {
      if (!own) throw new DomainError('NOT_THIS_PARTNER', "only the partner's own members may confirm its budget and declarations", 403);
      return true;
    });
  }

  /** The consortium's declaration of wide dissemination; coordinator members only, no partner confirmation. */
  async putDissemination(cmd: { projectId: string; ifMatch: string | undefined; value: WideDissemination }, ctx: RequestCtx): Promise<ProjectView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { project, partners } = await loadForWrite(em, cmd.projectId, principal);
      if (!isCoordinatorMember(principal, project)) throw notCoordinator();
      assertIfMatch(cmd.ifMatch, project.version);
      assertDeclarable(project);
      const value: WideDissemination = { declared: cmd.value.declared, kinds: cmd.value.declared ? [...new Set(cmd.value.kinds)] : [] };
      if (value.declared && !value.kinds.length) {
        throw new DomainError('VALIDATION_FAILED', 'name how the results are disseminated', 400, { errors: [{ path: 'kinds', message: 'at least one kind when declared' }] });
      }
      if (JSON.stringify(value) !== JSON.stringify(project.wideDissemination)) {
        project.wideDissemination = value;
        project.updatedAt = new Date();
        await em.flush();
        await this.outbox.append(em, this.afterSubmission(project, partners), ctx);
      }
      return viewOf(em, project, partners);
    });
  }

  /**
   * The frame: project locked and visible (else 404), the caller the coordinator or a member of that partner
   * (else 403), If-Match, the status (budgets: editable; declarations: not withdrawn). `change` returns whether
   * the share changed; a change by the partner's own members confirms it, by the coordinator resets it.
   */
  private write(
    cmd: ShareWrite, ctx: RequestCtx, what: 'draft' | 'declarations',
    change: (em: EntityManager, project: Project, partner: Partner, own: boolean) => Promise<boolean>,
  ): Promise<ProjectView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const { project, partners } = await loadForWrite(em, cmd.projectId, principal);
      const partner = partners.find((p) => p.organisationId === cmd.organisationId);
      const own = principal.organisationIds.includes(cmd.organisationId);
      if (!own && !isCoordinatorMember(principal, project)) throw notThisPartner();
      if (!partner) throw partnerNotFound(cmd.organisationId);
      assertIfMatch(cmd.ifMatch, project.version);
      if (what === 'draft') assertEditable(project);
      else assertDeclarable(project);
      const drafts: EventDraft[] = [];
      if (await change(em, project, partner, own)) {
        const now = new Date();
        if (own) {
          partner.confirmedAt = now;
          partner.confirmedBy = principal.userId;
          partner.confirmationResetAt = null;
          drafts.push(await this.confirmed(em, project, partner, principal));
        } else if (partner.confirmedAt) {
          partner.confirmedAt = null;
          partner.confirmedBy = null;
          partner.confirmationResetAt = now;
        }
        project.updatedAt = now;
        if (what === 'declarations') drafts.push(...this.afterSubmission(project, partners));
      }
      await em.flush();
      await this.outbox.append(em, drafts, ctx);
      return viewOf(em, project, partners);
    });
  }

  private async confirmed(em: EntityManager, project: Project, partner: Partner, principal: Principal): Promise<EventDraft> {
    const org = (await organisationsById(em, [partner.organisationId])).get(partner.organisationId);
    return {
      type: 'partner.budget_confirmed', streamId: project.id,
      payload: {
        projectId: project.id, organisationId: partner.organisationId, organisationName: org?.name ?? '', totalCents: partnerTotal(partner.budget),
        declarations: declarationsOf(partner), confirmedBy: principal.userId, confirmedAt: (partner.confirmedAt ?? new Date()).toISOString(),
      },
    };
  }

  /** Once submitted, every declaration change goes to funding (re-assessment): all partners' declarations, not a diff. */
  private afterSubmission(project: Project, partners: readonly Partner[]): EventDraft[] {
    if (project.round === 0) return [];
    return [{
      type: 'project.declarations_changed', streamId: project.id,
      payload: {
        projectId: project.id, round: project.round, wideDissemination: disseminationOf(project),
        partners: partners.map((p) => ({ organisationId: p.organisationId, declarations: declarationsOf(p) })),
      },
    }];
  }
}

/** Declarations may change until the project is withdrawn (a change after submission re-assesses its applications). */
function assertDeclarable(project: Pick<Project, 'status'>): void {
  if (project.status === 'withdrawn') throw new DomainError('PROJECT_NOT_EDITABLE', 'a withdrawn project cannot be edited', 409, { status: project.status });
}
