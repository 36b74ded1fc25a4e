import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InboxWorker } from '@poleflow/messaging';
import { NETWORK_SCHEMA } from '../schema.js';
import { ProjectCopy } from './matchmaking.entity.js';

const S = `"${NETWORK_SCHEMA}"`;

/**
 * Network's copy of projects and their partners (submission's events): earlier collaborations for matchmaking
 * (organisations sharing a project), and what a draft is about and who is in it for its suggestions. Idempotent:
 * upserts and deletes keyed by (project, organisation).
 */
@Injectable()
export class ProjectsConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    const partner = `insert into ${S}.project_partners (project_id, organisation_id, project_title) values (?, ?, ?)
      on conflict (project_id, organisation_id) do update set project_title = excluded.project_title`;
    this.inbox.on('project.created', async (e, em) => {
      const p = e.payload;
      await em.upsert(ProjectCopy, { id: p.projectId, acronym: p.acronym, title: p.title, summary: '', themes: [], keywords: [], coordinatorOrganisationId: p.coordinatorOrganisationId, status: 'draft' });
      await em.execute(partner, [p.projectId, p.coordinatorOrganisationId, p.acronym]);
    });
    this.inbox.on('partner.accepted', async (e, em) => {
      const p = e.payload;
      await em.execute(partner, [p.projectId, p.organisationId, p.acronym]);
    });
    this.inbox.on('partner.removed', async (e, em) => {
      await em.execute(`delete from ${S}.project_partners where project_id = ? and organisation_id = ?`, [e.payload.projectId, e.payload.organisationId]);
    });
    const snapshot = async (p: { projectId: string; acronym: string; title: string; summary: string; themes: string[]; keywords: string[]; partners: { organisationId: string; role: string }[] }, em: Parameters<Parameters<InboxWorker['on']>[1]>[1]) => {
      const coordinator = p.partners.find((x) => x.role === 'coordinator') ?? p.partners[0];
      await em.upsert(ProjectCopy, { id: p.projectId, acronym: p.acronym, title: p.title, summary: p.summary, themes: p.themes, keywords: p.keywords, coordinatorOrganisationId: coordinator.organisationId, status: 'submitted' });
      await em.execute(`delete from ${S}.project_partners where project_id = ? and organisation_id not in (select jsonb_array_elements_text(?::jsonb)::uuid)`, [p.projectId, JSON.stringify(p.partners.map((x) => x.organisationId))]);
      for (const x of p.partners) await em.execute(partner, [p.projectId, x.organisationId, p.acronym]);
    };
    this.inbox.on('project.submitted', (e, em) => snapshot(e.payload, em));
    this.inbox.on('project.resubmitted', (e, em) => snapshot(e.payload, em));
  }
}
