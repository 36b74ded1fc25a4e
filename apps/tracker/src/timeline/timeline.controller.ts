import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EntityManager, IsolationLevel } from '@mikro-orm/postgresql';
import { CurrentUser, isAdmin, type Principal } from '@poleflow/auth';
import { LABELLING_CASE_STATUSES, type LabellingCaseStatus } from '@poleflow/domain';
import { PageQuery, decodeTimeCursor, pageOf } from '@poleflow/http';
import { FundingView } from '../funding/funding.entity.js';
import { LabellingCaseView } from '../labelling/labelling-case.entity.js';
import { ProjectView, TimelineEntry } from './timeline.entity.js';

export class TimelineEntryView {
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ nullable: true, type: String }) actorRole!: string | null;
  @ApiProperty() stage!: string;
  @ApiProperty() summary!: string;
}

export class LabellingCaseDto {
  @ApiProperty({ format: 'uuid' }) poleId!: string;
  @ApiProperty() poleName!: string;
  @ApiProperty() poleCode!: string;
  @ApiProperty({ description: 'The lead labelling pole; the others co-label' }) lead!: boolean;
  @ApiProperty({ description: 'The submission round the case reviews' }) round!: number;
  @ApiProperty({ enum: LABELLING_CASE_STATUSES }) status!: LabellingCaseStatus;
  @ApiProperty({ nullable: true, type: String }) labelNumber!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) validUntil!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TimelineView {
  @ApiProperty() projectId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ type: LabellingCaseDto, isArray: true, description: "Each pole's labelling case, lead first; the stage is their aggregate" })
  labelling!: LabellingCaseDto[];
  @ApiProperty({ type: TimelineEntryView, isArray: true }) items!: TimelineEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/**
 * Who may see a project's timeline: its consortium, the staff of the poles it targets, the officers of the funders
 * it applied to (`appliedFunderIds`: those of the caller's funders with an application), admins.
 */
export function canSee(p: Principal, v: ProjectView, appliedFunderIds: readonly string[] = []): boolean {
  return isAdmin(p) || p.organisationIds.some((o) => v.organisationIds.includes(o)) || p.poles.some((x) => v.poleIds.includes(x.poleId))
    || p.funderIds.some((f) => appliedFunderIds.includes(f));
}

@ApiTags('tracker')
@ApiBearerAuth()
@Controller('api/v1/projects')
export class TimelineController {
  constructor(private readonly em: EntityManager) {}

  @Get(':id/timeline')
  @ApiOperation({ summary: "A project's timeline (oldest first), current stage and labelling cases" })
  async timeline(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: PageQuery, @CurrentUser() user: Principal): Promise<TimelineView> {
    // One snapshot for the project row, its cases and its entries, so they always agree even while the consumer
    // commits a new event between the reads.
    return this.em.fork().transactional(async (em) => {
      const view = await em.findOne(ProjectView, id);
      const applied = user.funderIds.length ? (await em.find(FundingView, { projectId: id, funderId: { $in: user.funderIds } })).map((a) => a.funderId) : [];
      // 404, not 403, for a project the caller may not see: no existence leak.
      if (!view || !canSee(user, view, applied)) throw new NotFoundException({ code: 'PROJECT_NOT_FOUND', message: `no project ${id}` });
      const limit = q.limit ?? 50;
      const after = decodeTimeCursor(q.cursor);
      const rows = await em.find(
        TimelineEntry,
        after ? { projectId: id, $or: [{ occurredAt: { $gt: after.at } }, { occurredAt: after.at, id: { $gt: after.id } }] } : { projectId: id },
        { orderBy: { occurredAt: 'asc', id: 'asc' }, limit: limit + 1 },
      );
      const page = pageOf(rows, limit, (r): TimelineEntryView => ({
        eventId: r.id, type: r.type, occurredAt: r.occurredAt.toISOString(), source: r.source, actorRole: r.actorRole ?? null, stage: r.stage, summary: r.summary,
      }), (r) => [r.occurredAt.toISOString(), r.id]);
      const cases = await em.find(LabellingCaseView, { projectId: id }, { orderBy: { lead: 'desc', poleName: 'asc' } });
      const labelling = cases.map((c): LabellingCaseDto => ({
        poleId: c.poleId, poleName: c.poleName, poleCode: c.poleCode, lead: c.lead, round: c.round, status: c.status,
        labelNumber: c.labelNumber, validUntil: c.validUntil, updatedAt: c.updatedAt.toISOString(),
      }));
      return { projectId: view.id, acronym: view.acronym, title: view.title, stage: view.stage, labelling, ...page };
    }, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  }
}
