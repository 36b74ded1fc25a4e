import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { DomainError, assertRevocable, labelStatus, parseLabelNumber } from '@poleflow/domain';
import type { Principal } from '@poleflow/auth';
import { principalOf, type RequestCtx } from '@poleflow/http';
import { OutboxWriter } from '@poleflow/messaging';
import { isConsortiumMember, managesPole } from '../cases/case.access.js';
import { CaseRound, LabellingCase } from '../cases/case.entity.js';
import { caseEvent, caseRef } from '../cases/case.events.js';
import { Label } from './label.entity.js';
import type { LabelCertificate, LabelCertificateDetail } from './label.view.js';

const labelNotFound = (n: string): DomainError => new DomainError('LABEL_NOT_FOUND', `no label ${n}`, 404);

/** Label certificates: public verification by number, revocation by the pole's managers. */
@Injectable()
export class LabelService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  /** What a funder checks without an account: holder project, pole, dates, status. */
  async verify(number: string): Promise<LabelCertificate> {
    const parsed = parseLabelNumber(number);
    if (!parsed) throw labelNotFound(number);
    const l = await this.orm.em.fork().findOne(Label, { number: number.toUpperCase() });
    if (!l) throw labelNotFound(number);
    return certificate(l);
  }

  /** The certificate with the consortium: the label's pole managers and the consortium's members (others: 404). */
  async certificateDetail(number: string, principal: Principal): Promise<LabelCertificateDetail> {
    const em = this.orm.em.fork();
    const l = parseLabelNumber(number) ? await em.findOne(Label, { number: number.toUpperCase() }) : null;
    if (!l) throw labelNotFound(number);
    const c = await em.findOneOrFail(LabellingCase, l.caseId);
    if (!managesPole(principal, l.poleId) && !isConsortiumMember(principal, c)) throw labelNotFound(number);
    const round = await em.findOneOrFail(CaseRound, { caseId: l.caseId, round: l.round });
    const partners = [...round.snapshot.partners].sort((a, b) => Number(b.role === 'coordinator') - Number(a.role === 'coordinator'));
    return {
      ...certificate(l),
      consortium: partners.map((p) => ({ name: p.name, role: p.role, kind: p.kind, region: p.region, categoryFr: p.categoryFr })),
      verifyPath: `/labels/${l.number}`,
    };
  }

  async revoke(number: string, motivation: string, ctx: RequestCtx): Promise<LabelCertificate> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const found = parseLabelNumber(number) ? await em.findOne(Label, { number: number.toUpperCase() }) : null;
      // Pole staff of other poles and the public may verify a label but not learn more by trying to revoke it.
      if (!found || !managesPole(principal, found.poleId)) throw labelNotFound(number);
      const c = await em.findOneOrFail(LabellingCase, found.caseId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const l = await em.findOneOrFail(Label, { number: found.number }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      assertRevocable(l, motivation);
      const now = new Date();
      l.revokedAt = now;
      l.revocationMotivation = motivation.trim();
      c.updatedAt = now;
      await em.flush();
      await this.outbox.append(em, [caseEvent('label.revoked', c, {
        ...caseRef(c, { code: l.poleCode, name: l.poleName }), labelNumber: l.number, motivation: l.revocationMotivation,
      })], ctx);
      return certificate(l);
    });
  }
}

export function certificate(l: Label, now = new Date()): LabelCertificate {
  return {
    number: l.number, status: labelStatus(l, now), project: { id: l.projectId, acronym: l.acronym, title: l.title },
    pole: { id: l.poleId, code: l.poleCode, name: l.poleName }, lead: l.lead, grantedAt: l.grantedAt.toISOString(), validUntil: l.validUntil,
    callRef: l.callRef, conditions: l.conditions, revokedAt: l.revokedAt?.toISOString() ?? null, revocationMotivation: l.revocationMotivation,
  };
}
