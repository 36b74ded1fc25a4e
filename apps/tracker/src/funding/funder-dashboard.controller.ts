import { Controller, Get, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EntityManager, IsolationLevel } from '@mikro-orm/postgresql';
import { CurrentUser, isAdmin, type Principal } from '@poleflow/auth';
import { FUNDING_APPLICATION_STATUSES, type FundingApplicationStatus } from '@poleflow/domain';
import { ProblemDoc } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { FunderView } from './funding.entity.js';

/** How many applications the dashboard lists. */
export const LATEST_APPLICATIONS = 20;

export class FunderApplicationCounts {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Applied, not assessed yet' }) requested!: number;
  @ApiProperty({ description: 'Assessed eligible, not decided yet' }) eligible!: number;
  @ApiProperty({ description: 'Assessed not eligible (a re-assessment may change it), not decided yet' }) ineligible!: number;
  @ApiProperty() granted!: number;
  @ApiProperty() refused!: number;
}

export class FunderApplicationItem {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ description: "The project's acronym ('?' until the tracker has seen the project created)" }) acronym!: string;
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ enum: FUNDING_APPLICATION_STATUSES }) status!: FundingApplicationStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'Aid granted, in euro cents (null until granted)' }) amountCents!: number | null;
  @ApiProperty({ format: 'date-time', description: 'The last funding event on this application' }) updatedAt!: string;
}

export class FunderDashboard {
  @ApiProperty({ format: 'uuid' }) funderId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null until directory has published the funder' }) kind!: string | null;
  @ApiProperty({ nullable: true, type: String }) region!: string | null;
  @ApiProperty({ type: FunderApplicationCounts, description: "Applications to the funder's calls, by status" }) applications!: FunderApplicationCounts;
  @ApiProperty({ description: 'Sum of the aid granted, in euro cents' }) grantedCents!: number;
  @ApiProperty({ description: 'Distinct projects that applied to its calls' }) projects!: number;
  @ApiProperty({ type: FunderApplicationItem, isArray: true, description: `The ${LATEST_APPLICATIONS} applications with the latest funding event, newest first` })
  latest!: FunderApplicationItem[];
}

/** Who may see a funder's dashboard: its officers (affiliated to it) and admins. */
export const canSeeFunder = (p: Principal, funderId: string): boolean => isAdmin(p) || p.funderIds.includes(funderId);

interface CountRow { status: FundingApplicationStatus; applications: number; granted_cents: string; projects: number }
interface LatestRow { application_id: string; project_id: string; acronym: string | null; call_id: string; call_title: string; funder_name: string; status: FundingApplicationStatus; granted_cents: string | null; updated_at: Date }

const emptyCounts = (): FunderApplicationCounts => ({ total: 0, requested: 0, eligible: 0, ineligible: 0, granted: 0, refused: 0 });

@ApiTags('tracker')
@ApiBearerAuth()
@Controller('api/v1/dashboards')
export class FunderDashboardController {
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly em: EntityManager) {}

  @Get('funders/:funderId')
  @ApiOperation({ summary: "A funder's dashboard: applications to its calls by status, aid granted, projects, latest applications (its officers and admins)" })
  @ApiOkResponse({ type: FunderDashboard })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'FUNDER_NOT_FOUND (also for a funder the caller is not an officer of)' })
  async funder(@Param('funderId', new ParseUUIDPipe()) funderId: string, @CurrentUser() user: Principal): Promise<FunderDashboard> {
    // 404, not 403, for another funder's dashboard: no existence leak.
    const notFound = () => new NotFoundException({ code: 'FUNDER_NOT_FOUND', message: `no funder ${funderId}` });
    if (!canSeeFunder(user, funderId)) throw notFound();
    // One snapshot for the counts and the list, so they agree while the consumer commits new events.
    return this.em.fork().transactional(async (em) => {
      const funder = await em.findOne(FunderView, funderId);
      const counts = await em.execute<CountRow[]>(
        `select status, count(*)::int as applications, coalesce(sum(granted_cents), 0)::text as granted_cents,
                (select count(distinct project_id)::int from ${this.s}.funding_applications where funder_id = ?) as projects
           from ${this.s}.funding_applications where funder_id = ? group by status`,
        [funderId, funderId],
      );
      const latest = await em.execute<LatestRow[]>(
        // The latest applications first, then their projects: joining first hashed every project (bench, reads at scale).
        `select f.application_id, f.project_id, p.acronym, f.call_id, f.call_title, f.funder_name, f.status, f.granted_cents::text as granted_cents, f.updated_at
           from (select * from ${this.s}.funding_applications where funder_id = ? order by updated_at desc, application_id desc limit ?) f
           left join ${this.s}.projects p on p.id = f.project_id
          order by f.updated_at desc, f.application_id desc`,
        [funderId, LATEST_APPLICATIONS],
      );
      if (!funder && !latest.length) throw notFound();
      const applications = emptyCounts();
      for (const c of counts) {
        applications[c.status] = c.applications;
        applications.total += c.applications;
      }
      return {
        funderId,
        name: funder?.name ?? latest[0].funder_name,
        kind: funder?.kind ?? null,
        region: funder?.region ?? null,
        applications,
        grantedCents: counts.reduce((sum, c) => sum + Number(c.granted_cents), 0),
        projects: counts[0]?.projects ?? 0,
        latest: latest.map((r): FunderApplicationItem => ({
          applicationId: r.application_id, projectId: r.project_id, acronym: r.acronym ?? '?', callId: r.call_id, callTitle: r.call_title, status: r.status,
          amountCents: r.granted_cents === null ? null : Number(r.granted_cents), updatedAt: new Date(r.updated_at).toISOString(),
        })),
      };
    }, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  }
}
