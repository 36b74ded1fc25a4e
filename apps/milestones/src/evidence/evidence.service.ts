import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Principal } from '@poleflow/auth';
import { DomainError } from '@poleflow/domain';
import { canSee, milestoneNotFound } from '../plans/milestone.access.js';
import { Milestone } from '../plans/plan.entity.js';
import { Evidence } from './evidence.entity.js';

export interface UploadedFile { originalname: string; mimetype: string; size: number; buffer: Buffer }

export interface EvidenceView { id: string; milestoneId: string; filename: string; contentType: string; sizeBytes: number; sha256: string; uploadedAt: string }


const view = (e: Evidence): EvidenceView => ({
  id: e.id, milestoneId: e.milestoneId, filename: e.filename, contentType: e.contentType, sizeBytes: e.sizeBytes, sha256: e.sha256, uploadedAt: e.uploadedAt.toISOString(),
});

/** Evidence files of milestones: the consortium uploads while the milestone waits for a report; whoever sees the milestone downloads. */
@Injectable()
export class EvidenceService {
  constructor(private readonly orm: MikroORM) {}

  async upload(milestoneId: string, file: UploadedFile, principal: Principal): Promise<EvidenceView> {
    return this.orm.em.fork().transactional(async (em) => {
      const m = await em.findOne(Milestone, milestoneId);
      if (!m || !canSee(principal, m)) throw milestoneNotFound(milestoneId);
      if (!m.organisationIds.some((o) => principal.organisationIds.includes(o))) throw new DomainError('NOT_A_PARTNER', 'only the consortium attaches evidence', 403);
      if (m.status !== 'planned' && m.status !== 'rejected') throw new DomainError('MILESTONE_NOT_OPEN', `the milestone is ${m.status}; evidence is attached before reporting`, 409);
      const e = em.create(Evidence, {
        id: uuidv7(), milestoneId, projectId: m.projectId, funderId: m.funderId, organisationIds: m.organisationIds,
        filename: [...file.originalname].map((c) => (c < ' ' || '\\/"'.includes(c) ? '_' : c)).join('').slice(0, 200).toWellFormed(), contentType: file.mimetype, sizeBytes: file.size,
        sha256: createHash('sha256').update(file.buffer).digest('hex'), content: file.buffer, uploadedBy: principal.userId, uploadedAt: new Date(),
      });
      return view(e);
    });
  }

  async list(milestoneId: string, principal: Principal): Promise<EvidenceView[]> {
    const em = this.orm.em.fork();
    const m = await em.findOne(Milestone, milestoneId);
    if (!m || !canSee(principal, m)) throw milestoneNotFound(milestoneId);
    return (await em.find(Evidence, { milestoneId }, { orderBy: { uploadedAt: 'asc', id: 'asc' } })).map(view);
  }

  async download(id: string, principal: Principal): Promise<{ meta: EvidenceView; content: Buffer }> {
    const e = await this.orm.em.fork().findOne(Evidence, id, { populate: ['content'] });
    if (!e || !canSee(principal, e)) throw new DomainError('EVIDENCE_NOT_FOUND', `no evidence ${id}`, 404);
    return { meta: view(e), content: e.content };
  }
}
