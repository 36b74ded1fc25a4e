import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '@poleflow/auth';
import { DomainError, validateWeights, type Weights } from '@poleflow/domain';
import { assertIfMatch, ValidationProblem } from '@poleflow/http';
import { managesPole } from '../cases/case.access.js';
import { PoleSettings } from '../cases/case.entity.js';
import { Membership, OrganisationRef, PoleRef, PoolMember } from '../reference/reference.entity.js';
import { Assignment } from '../reviews/assignment.entity.js';
import { settingsOf, type EffectiveSettings } from './pole-settings.js';
import type { PoleSettingsDto, PoolMemberDto, PoolMemberView } from './settings.dto.js';

const poleNotFound = (id: string): DomainError => new DomainError('POLE_NOT_FOUND', `no pole ${id}`, 404);

/** A pole's labelling settings and its reviewer pool, for the pole's managers (others: 404). */
@Injectable()
export class SettingsService {
  constructor(private readonly orm: MikroORM) {}

  async get(poleId: string, principal: Principal): Promise<EffectiveSettings> {
    const em = this.orm.em.fork();
    await this.assertManager(em, poleId, principal);
    return settingsOf(em, poleId);
  }

  async put(poleId: string, ifMatch: string | undefined, dto: PoleSettingsDto, principal: Principal): Promise<EffectiveSettings> {
    const errors = validateWeights(dto.weights as unknown as Record<string, unknown>);
    if (errors.length) throw new ValidationProblem(errors);
    return this.orm.em.fork().transactional(async (em) => {
      await this.assertManager(em, poleId, principal);
      const row = await em.findOne(PoleSettings, { poleId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      assertIfMatch(ifMatch, row?.version ?? 0);
      const values = { ...dto, weights: dto.weights as Weights, updatedAt: new Date() };
      if (row) em.assign(row, values);
      else em.create(PoleSettings, { poleId, ...values });
      await em.flush();
      return settingsOf(em, poleId);
    });
  }

  async pool(poleId: string, principal: Principal): Promise<PoolMemberView[]> {
    const em = this.orm.em.fork();
    await this.assertManager(em, poleId, principal);
    const members = await em.find(PoolMember, { poleId }, { orderBy: { since: 'asc', userId: 'asc' } });
    const userIds = members.map((m) => m.userId);
    const memberships = await em.find(Membership, { userId: { $in: userIds } });
    const orgs = new Map((await em.find(OrganisationRef, { id: { $in: memberships.map((m) => m.organisationId) } })).map((o) => [o.id, o.name]));
    const open = await em.find(Assignment, { poleId, reviewerUserId: { $in: userIds }, status: 'assigned' }, { fields: ['reviewerUserId', 'dueAt', 'overdueAt'] });
    const now = new Date();
    return members.map((m) => ({
      userId: m.userId, active: m.active, available: m.available, expertise: m.expertise, since: m.since.toISOString(),
      organisations: memberships.filter((x) => x.userId === m.userId).map((x) => orgs.get(x.organisationId) ?? x.organisationId),
      openAssignments: open.filter((a) => a.reviewerUserId === m.userId).length,
      overdueAssignments: open.filter((a) => a.reviewerUserId === m.userId && (a.overdueAt !== null || a.dueAt < now)).length,
    }));
  }

  async updateMember(poleId: string, userId: string, dto: PoolMemberDto, principal: Principal): Promise<PoolMemberView> {
    await this.orm.em.fork().transactional(async (em) => {
      await this.assertManager(em, poleId, principal);
      const m = await em.findOne(PoolMember, { poleId, userId });
      if (!m) throw new DomainError('REVIEWER_NOT_FOUND', `${userId} is not in the pole's reviewer pool`, 404);
      if (dto.expertise !== undefined) m.expertise = [...new Set(dto.expertise.map((x) => x.trim()))];
      if (dto.available !== undefined) m.available = dto.available;
      m.updatedAt = new Date();
    });
    return (await this.pool(poleId, principal)).find((m) => m.userId === userId)!;
  }

  private async assertManager(em: ReturnType<MikroORM['em']['fork']>, poleId: string, principal: Principal): Promise<void> {
    if (!managesPole(principal, poleId) || !(await em.count(PoleRef, { id: poleId }))) throw poleNotFound(poleId);
  }
}
