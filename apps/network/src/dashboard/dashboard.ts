import { Controller, Get, Injectable, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/postgresql';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { SUPPORT_AREAS } from '@poleflow/contracts';
import { DomainError } from '@poleflow/domain';
import { ProblemDoc } from '@poleflow/http';
import { addDaysIso, FEE_CLASSES, todayIso } from '../memberships/fees.js';
import { isPoleStaff } from '../memberships/membership.access.js';
import { Membership } from '../memberships/membership.entity.js';
import { OrganisationRef, PoleRef } from '../reference/reference.entity.js';
import { SupportRequest } from '../support/support.entity.js';

export class NetworkCountRow {
  @ApiProperty() key!: string;
  @ApiProperty() count!: number;
}

export class SupportAreaRow {
  @ApiProperty({ enum: SUPPORT_AREAS }) area!: string;
  @ApiProperty() open!: number;
  @ApiProperty() closed!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'median days from opening to closing of the closed ones' }) medianDaysToClose!: number | null;
}

export class PartnerRequestsRow {
  @ApiProperty({ description: 'still looking' }) open!: number;
  @ApiProperty({ description: 'closed with a partner found' }) found!: number;
  @ApiProperty({ description: 'closed without a partner' }) closed!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'found / (found + closed), 0..1: the share of the ended requests that found a partner; null before any ended' }) foundShare!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'median days from posting to the partner found' }) medianDaysToFind!: number | null;
}

export class NetworkDashboardView {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty() poleName!: string;
  @ApiProperty({ description: 'active memberships' }) members!: number;
  @ApiProperty({ description: 'applications waiting for a decision' }) applications!: number;
  @ApiProperty({ type: [NetworkCountRow], description: 'active members by fee class (TPE, PME, ETI, GE, LAB, TRAINING)' }) byClass!: NetworkCountRow[];
  @ApiProperty({ type: [NetworkCountRow], description: 'active members by kind' }) byKind!: NetworkCountRow[];
  @ApiProperty({ type: [NetworkCountRow], description: 'active members by EU size (unknown for labs and training bodies)' }) bySize!: NetworkCountRow[];
  @ApiProperty({ description: 'active memberships whose year ends within 90 days' }) renewalsDue90Days!: number;
  @ApiProperty({ description: 'memberships lapsed in the last 365 days' }) lapsedLastYear!: number;
  @ApiProperty({ description: 'fees of the membership years running today, euro cents' }) feesDueCents!: number;
  @ApiProperty() feesInvoicedCents!: number;
  @ApiProperty() feesPaidCents!: number;
  @ApiProperty({ description: 'invoiced and not paid' }) feesOutstandingCents!: number;
  @ApiProperty({ type: [SupportAreaRow] }) support!: SupportAreaRow[];
  @ApiProperty({ description: 'open support requests past their due date' }) supportOverdue!: number;
  @ApiProperty({ nullable: true, type: Number }) supportMedianDaysToClose!: number | null;
  @ApiProperty({ type: PartnerRequestsRow, description: "the pole's \"partner wanted\" requests and those that found a partner" }) partnerRequests!: PartnerRequestsRow;
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return Math.round((s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) * 10) / 10;
};

/** The pole dashboard's network part: members by kind and size, renewals and fees, support requests by area and time to close, partner requests found. */
@Injectable()
export class NetworkDashboardService {
  constructor(private readonly orm: MikroORM) {}

  async of(poleId: string, p: Principal): Promise<NetworkDashboardView> {
    if (!isPoleStaff(p, poleId)) throw new DomainError('NOT_POLE_STAFF', 'the pole\'s dashboard is for its staff', 403);
    const em = this.orm.em.fork();
    const pole = await em.findOne(PoleRef, poleId);
    if (!pole) throw new DomainError('POLE_NOT_FOUND', `no pole ${poleId}`, 404);
    const rows = await em.find(Membership, { poleId }, { limit: 20_000 });
    const active = rows.filter((m) => m.status === 'active');
    const orgs = new Map((await em.find(OrganisationRef, { id: { $in: active.map((m) => m.organisationId) } })).map((o) => [o.id, o]));
    const tally = (keys: readonly string[], of: (m: Membership) => string) => keys.map((key) => ({ key, count: active.filter((m) => of(m) === key).length }));
    const today = todayIso();
    const years = active.map((m) => m.years.find((y) => y.startsOn <= today && y.endsOn >= today) ?? m.years.at(-1)!).filter(Boolean);
    const requests = await em.find(SupportRequest, { poleId }, { limit: 20_000 });
    const days = (r: SupportRequest) => (r.closedAt!.getTime() - r.openedAt.getTime()) / 86_400_000;
    const closed = requests.filter((r) => r.status === 'closed');
    const partners = await em.getConnection().execute<{ status: string; n: string; days: number[] | null }[]>(
      `select status, count(*)::text as n,
              array_agg(extract(epoch from closed_at - created_at) / 86400) filter (where status = 'found' and closed_at is not null) as days
         from network.partner_requests where pole_id = ? group by status`, [poleId]);
    const count = (status: string) => Number(partners.find((r) => r.status === status)?.n ?? 0);
    const [pOpen, pFound, pClosed] = [count('open'), count('found'), count('closed')];
    return {
      poleId, poleName: pole.name, members: active.length, applications: rows.filter((m) => m.status === 'applied').length,
      byClass: tally(FEE_CLASSES, (m) => m.feeClass),
      byKind: tally(['company', 'research_organisation', 'training_body'], (m) => orgs.get(m.organisationId)?.kind ?? 'company'),
      bySize: tally(['micro', 'small', 'medium', 'large', 'unknown'], (m) => orgs.get(m.organisationId)?.sizeEu ?? 'unknown'),
      renewalsDue90Days: active.filter((m) => m.endsOn !== null && m.endsOn <= addDaysIso(today, 90) && m.years.at(-1)!.startsOn <= today).length,
      lapsedLastYear: rows.filter((m) => m.status === 'lapsed' && m.endedAt && m.endedAt.getTime() > Date.now() - 365 * 86_400_000).length,
      feesDueCents: years.reduce((s, y) => s + y.feeCents, 0),
      feesInvoicedCents: years.filter((y) => y.invoicedAt).reduce((s, y) => s + y.feeCents, 0),
      feesPaidCents: years.filter((y) => y.paidAt).reduce((s, y) => s + y.feeCents, 0),
      feesOutstandingCents: years.filter((y) => y.invoicedAt && !y.paidAt).reduce((s, y) => s + y.feeCents, 0),
      support: SUPPORT_AREAS.map((area) => {
        const mine = requests.filter((r) => r.area === area);
        const done = mine.filter((r) => r.status === 'closed');
        return { area, open: mine.length - done.length, closed: done.length, medianDaysToClose: median(done.map(days)) };
      }),
      supportOverdue: requests.filter((r) => r.status !== 'closed' && r.dueOn < today).length,
      supportMedianDaysToClose: median(closed.map(days)),
      partnerRequests: {
        open: pOpen, found: pFound, closed: pClosed,
        foundShare: pFound + pClosed ? Math.round((pFound / (pFound + pClosed)) * 1000) / 1000 : null,
        medianDaysToFind: median((partners.find((r) => r.status === 'found')?.days ?? []).map(Number)),
      },
    };
  }
}

@ApiTags('memberships')
@ApiBearerAuth()
@Controller('api/v1/network/poles')
export class NetworkDashboardController {
  constructor(private readonly dashboard: NetworkDashboardService) {}

  @Get(':poleId/dashboard')
  @ApiOperation({ summary: 'The pole dashboard\'s network figures (the pole\'s staff): members by class, kind and size, renewals and fees, support requests by area and time to close, partner requests that found a partner' })
  @ApiOkResponse({ type: NetworkDashboardView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_POLE_STAFF' })
  of(@Param('poleId', new ParseUUIDPipe()) poleId: string, @CurrentUser() user: Principal): Promise<NetworkDashboardView> {
    return this.dashboard.of(poleId, user);
  }
}
