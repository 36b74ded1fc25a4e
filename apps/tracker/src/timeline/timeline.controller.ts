import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentUser, isAdmin, type Principal } from '@poleflow/auth';
import { LABELLING_CASE_STATUSES, type LabellingCaseStatus } from '@poleflow/domain';
import { PageQuery, decodeTimeCursor, pageOf } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { type ProjectView } from './timeline.entity.js';

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

const S = ident(TRACKER_SCHEMA);

interface TimelineRow {
  id: string; acronym: string; title: string; stage: string; organisation_ids: string[]; pole_ids: string[];
  applied: string[]; labelling: LabellingCaseDto[]; items: TimelineEntryView[];
}

@ApiTags('tracker')
@ApiBearerAuth()
@Controller('api/v1/projects')
export class TimelineController {
  constructor(private readonly em: EntityManager) {}

  @Get(':id/timeline')
  @ApiOperation({ summary: "A project's timeline (oldest first), current stage and labelling cases" })
  async timeline(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: PageQuery, @CurrentUser() user: Principal): Promise<TimelineView> {
    const limit = q.limit ?? 50;
    const after = decodeTimeCursor(q.cursor);
    // One statement, so one snapshot: the project row, its cases and its entries always agree even while the
    // consumer commits a new event between them, in one round trip (it was a repeatable-read transaction of five).
    // Instants are formatted as JavaScript's toISOString (milliseconds, UTC).
    const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const [row] = await this.em.getConnection().execute<TimelineRow[]>(
      `select p.id, p.acronym, p.title, p.stage, p.organisation_ids, p.pole_ids,
         (select coalesce(json_agg(f.funder_id), '[]') from ${S}.funding_applications f where f.project_id = p.id and f.funder_id = any(?::uuid[])) as applied,
         (select coalesce(json_agg(json_build_object('poleId', c.pole_id, 'poleName', c.pole_name, 'poleCode', c.pole_code, 'lead', c.lead, 'round', c.round,
                   'status', c.status, 'labelNumber', c.label_number, 'validUntil', c.valid_until, 'updatedAt', ${iso('c.updated_at')}) order by c.lead desc, c.pole_name), '[]')
            from ${S}.labelling_cases c where c.project_id = p.id) as labelling,
         (select coalesce(json_agg(json_build_object('eventId', e.id, 'type', e.type, 'occurredAt', ${iso('e.occurred_at')}, 'source', e.source,
                   'actorRole', e.actor_role, 'stage', e.stage, 'summary', e.summary) order by e.occurred_at, e.id), '[]')
            from (select * from ${S}.timeline_entries t where t.project_id = p.id ${after ? 'and (t.occurred_at, t.id) > (?, ?::uuid)' : ''}
                   order by t.occurred_at, t.id limit ?) e) as items
       from ${S}.projects p where p.id = ?`,
      [`{${user.funderIds.join(',')}}`, ...(after ? [after.at, after.id] : []), limit + 1, id],
    );
    const view = row && { id: row.id, organisationIds: row.organisation_ids, poleIds: row.pole_ids } as ProjectView;
    // 404, not 403, for a project the caller may not see: no existence leak.
    if (!row || !canSee(user, view, row.applied)) throw new NotFoundException({ code: 'PROJECT_NOT_FOUND', message: `no project ${id}` });
    const page = pageOf(row.items, limit, (r) => r, (r) => [r.occurredAt, r.eventId]);
    return { projectId: row.id, acronym: row.acronym, title: row.title, stage: row.stage, labelling: row.labelling, ...page };
  }
}
