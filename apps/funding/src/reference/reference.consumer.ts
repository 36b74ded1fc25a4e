import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Envelope } from '@poleflow/contracts';
import { InboxWorker, type EmitContext } from '@poleflow/messaging';
import { AssessmentService } from '../applications/assessment.service.js';
import { FunderRef, LabelRef, ProjectRef, type ProjectSnapshot } from './reference.entity.js';

const causedBy = (e: Envelope): EmitContext => ({ actor: null, correlationId: e.correlationId, causationId: e.id });

/**
 * Funding's copies of what others decided: funders (directory), the latest submitted content of each project
 * (submission), labels (labelling). A resubmission or a label re-assesses the project's open applications in
 * the same transaction: a label granted after the application flips it to eligible without anyone acting.
 */
@Injectable()
export class ReferenceConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker, private readonly assessments: AssessmentService) {}

  onModuleInit(): void {
    this.inbox.on('funder.published', async (e, em) => {
      const p = e.payload;
      await em.upsert(FunderRef, { id: p.funderId, name: p.name, kind: p.kind, region: p.region });
    });
    this.inbox.on('project.submitted', (e, em) => this.snapshot(em, e.payload, new Date(e.occurredAt)));
    this.inbox.on('project.resubmitted', async (e, em) => {
      await this.snapshot(em, e.payload, new Date(e.occurredAt));
      await this.assessments.reassessProject(em, e.payload.projectId, 'project_resubmitted', causedBy(e));
    });
    this.inbox.on('project.withdrawn', async (e, em) => {
      await em.nativeUpdate(ProjectRef, { id: e.payload.projectId }, { withdrawn: true, updatedAt: new Date(e.occurredAt) });
    });
    this.inbox.on('label.granted', async (e, em) => {
      const p = e.payload;
      await em.upsert(LabelRef, { number: p.labelNumber, projectId: p.projectId, poleId: p.poleId, poleName: p.poleName, validUntil: p.validUntil, revoked: false });
      await this.assessments.reassessProject(em, p.projectId, 'label_granted', causedBy(e));
    });
    this.inbox.on('label.revoked', async (e, em) => {
      await em.nativeUpdate(LabelRef, { number: e.payload.labelNumber }, { revoked: true });
      await this.assessments.reassessProject(em, e.payload.projectId, 'label_revoked', causedBy(e));
    });
    // A declaration changed after submission: the latest snapshot takes it, the open applications are re-assessed.
    this.inbox.on('project.declarations_changed', async (e, em) => {
      const p = e.payload;
      const project = await em.findOne(ProjectRef, p.projectId);
      if (!project) return; // never submitted here: the next snapshot carries the declarations
      const byOrg = new Map(p.partners.map((x) => [x.organisationId, x.declarations]));
      project.snapshot = {
        ...project.snapshot, wideDissemination: p.wideDissemination,
        partners: project.snapshot.partners.map((x) => (x.kind === 'company' || !byOrg.has(x.organisationId) ? x : { ...x, declarations: byOrg.get(x.organisationId) })),
      };
      project.updatedAt = new Date(e.occurredAt);
      await em.flush();
      await this.assessments.reassessProject(em, p.projectId, 'declarations_changed', causedBy(e));
    });
    this.inbox.on('funding.requested', (e, em) => this.assessments.assessOne(em, e.payload.applicationId, 'applied', causedBy(e)));
  }

  private async snapshot(em: EntityManager, s: ProjectSnapshot, at: Date): Promise<void> {
    const coordinator = s.partners.find((p) => p.role === 'coordinator') ?? s.partners[0];
    await em.upsert(ProjectRef, {
      id: s.projectId, round: s.round, withdrawn: false, coordinatorOrganisationId: coordinator.organisationId,
      organisationIds: s.partners.map((p) => p.organisationId), snapshot: s, updatedAt: at,
    });
  }
}
