import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdmissibilityInput } from '@poleflow/domain';
import { InboxWorker } from '@poleflow/messaging';
import type { ProjectSnapshot } from '../cases/case.entity.js';
import { MembershipRequirement, PoleMembership } from './pole-membership.entity.js';

/** Keeps labelling's copy of pole memberships and of each pole's membership rule (network's events). */
@Injectable()
export class MembershipConsumer implements OnModuleInit {
  constructor(private readonly inbox: InboxWorker) {}

  onModuleInit(): void {
    const started = async (p: { membershipId: string; poleId: string; organisationId: string }, em: EntityManager, at: string) => {
      await em.upsert(PoleMembership, { poleId: p.poleId, organisationId: p.organisationId, membershipId: p.membershipId, active: true, updatedAt: new Date(at) });
    };
    const ended = async (p: { membershipId: string; poleId: string; organisationId: string }, em: EntityManager, at: string) => {
      await em.nativeUpdate(PoleMembership, { poleId: p.poleId, organisationId: p.organisationId, membershipId: p.membershipId }, { active: false, updatedAt: new Date(at) });
    };
    this.inbox.on('membership.accepted', (e, em) => started(e.payload, em, e.occurredAt));
    this.inbox.on('membership.renewed', (e, em) => started(e.payload, em, e.occurredAt));
    this.inbox.on('membership.left', (e, em) => ended(e.payload, em, e.occurredAt));
    this.inbox.on('membership.lapsed', (e, em) => ended(e.payload, em, e.occurredAt));
    this.inbox.on('membership.requirement_changed', async (e, em) => {
      await em.upsert(MembershipRequirement, { poleId: e.payload.poleId, leadMembershipRequired: e.payload.leadMembershipRequired });
    });
  }
}

/** The membership part of the admissibility input: whether the pole requires it and whether the lead partner (the coordinator) is a member. */
export async function leadMembershipOf(em: EntityManager, poleId: string, s: ProjectSnapshot): Promise<AdmissibilityInput['membership']> {
  const rule = await em.findOne(MembershipRequirement, { poleId });
  if (!rule?.leadMembershipRequired) return undefined;
  const lead = s.partners.find((p) => p.role === 'coordinator') ?? s.partners[0];
  const member = await em.count(PoleMembership, { poleId, organisationId: lead.organisationId, active: true });
  return { required: true, leadName: lead.name, leadIsMember: member > 0 };
}
