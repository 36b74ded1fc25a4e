import { Controller, Get, Headers, NotFoundException, Param, ParseUUIDPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Response } from 'express';
import { CurrentUser, isAdmin, type Principal } from '@poleflow/auth';
import { ProblemDoc } from '@poleflow/http';
import { FunderDashboardController } from '../funding/funder-dashboard.controller.js';
import { CSV_CONTENT_TYPE, exportFormat, sendCsv, slug } from './csv.js';
import { DashboardQuery, FunderDashboardWithDelivery, PoleDashboard, RegionDashboard } from './dashboards.dto.js';
import { DashboardsService } from './dashboards.service.js';
import { sendExport } from './exports.js';

/** Who may see a pole's dashboard: its staff (managers and reviewers) and admins. */
export const canSeePole = (p: Principal, poleId: string): boolean => isAdmin(p) || p.poles.some((x) => x.poleId === poleId);

const CSV_DOC = 'JSON; or one row per entity (projects, or applications for a funder) with French headers and euros: `?format=xlsx` (a workbook '
  + `with also a milestones and a tranches sheet), \`?format=csv-fr\` (UTF-8 BOM, \`;\`, decimal comma) or \`?format=csv\` (or \`Accept: text/csv\`: ${CSV_CONTENT_TYPE}, RFC 4180); `
  + 'a CSV takes `?rows=milestones` or `?rows=tranches` for those rows instead, and `?format=csv&rows=metrics` keeps the former `metric,value` dump of the JSON figures';

/**
 * The dashboards: a pole's, a funder's (the funding dashboard with committed vs released aid and overdue
 * milestones), a region's. Each also as CSV.
 */
@ApiTags('tracker')
@ApiBearerAuth()
@ApiProduces('application/json', 'text/csv')
@Controller('api/v1/dashboards')
export class DashboardsController {
  /** The funder dashboard's figures, as funding/ computes them. */
  private readonly funding: FunderDashboardController;

  constructor(em: EntityManager, private readonly dashboards: DashboardsService) {
    this.funding = new FunderDashboardController(em);
  }

  @Get('poles/:poleId')
  @ApiOperation({ summary: "A pole's dashboard: projects targeting it by stage, label rate, median time to label, aid leveraged (its managers, reviewers and admins)", description: CSV_DOC })
  @ApiOkResponse({ type: PoleDashboard })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'POLE_NOT_FOUND (also for a pole the caller is not staff of)' })
  async pole(
    @Param('poleId', new ParseUUIDPipe()) poleId: string, @Query() q: DashboardQuery, @Headers('accept') accept: string | undefined,
    @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<PoleDashboard | string | StreamableFile> {
    // 404, not 403, for another pole's dashboard: no existence leak.
    const notFound = () => new NotFoundException({ code: 'POLE_NOT_FOUND', message: `no pole ${poleId}` });
    if (!canSeePole(user, poleId)) throw notFound();
    const dashboard = await this.dashboards.pole(poleId);
    if (!dashboard) throw notFound();
    const format = exportFormat(q.format, q.rows, accept);
    if (format === 'metrics') return sendCsv(res, `pole-${dashboard.code ?? poleId}`, dashboard);
    return format ? sendExport(res, format, `pole-${dashboard.code ?? poleId}`, await this.dashboards.exportSheets('pole', poleId), q.rows) : dashboard;
  }

  @Get('funders/:funderId')
  @ApiOperation({
    summary: "A funder's dashboard: applications to its calls by status, aid granted, projects, latest applications, aid committed vs released (also month by month), overdue milestones, projects by stage, its funded projects (its officers and admins)",
    description: CSV_DOC,
  })
  @ApiOkResponse({ type: FunderDashboardWithDelivery })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'FUNDER_NOT_FOUND (also for a funder the caller is not an officer of)' })
  async funder(
    @Param('funderId', new ParseUUIDPipe()) funderId: string, @Query() q: DashboardQuery, @Headers('accept') accept: string | undefined,
    @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<FunderDashboardWithDelivery | string | StreamableFile> {
    const base = await this.funding.funder(funderId, user); // access rules and 404s as funding/ has them
    const format = exportFormat(q.format, q.rows, accept);
    if (format && format !== 'metrics') return sendExport(res, format, `funder-${funderId}`, await this.dashboards.exportSheets('funder', funderId), q.rows);
    const delivery = await this.dashboards.funderDelivery(funderId);
    const dashboard: FunderDashboardWithDelivery = { ...base, delivery: { committedCents: base.grantedCents, ...delivery }, ...await this.dashboards.funderPortfolio(funderId) };
    return format === 'metrics' ? sendCsv(res, `funder-${funderId}`, dashboard) : dashboard;
  }

  @Get('regions/:region')
  @ApiOperation({
    summary: 'A region\'s dashboard: projects coordinated from the region by stage, aid granted, projects on the market (aggregates: any signed-in user)',
    description: `The region as organisations name it, compared case- and accent-insensitively ("ile-de-france" finds "Île-de-France"). ${CSV_DOC}`,
  })
  @ApiOkResponse({ type: RegionDashboard })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'REGION_NOT_FOUND: not a French region (a region without projects answers zeros)' })
  async region(
    @Param('region') region: string, @Query() q: DashboardQuery, @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegionDashboard | string | StreamableFile> {
    const dashboard = await this.dashboards.region(region);
    if (!dashboard) throw new NotFoundException({ code: 'REGION_NOT_FOUND', message: `${region} is not a French region` });
    const format = exportFormat(q.format, q.rows, accept);
    if (format === 'metrics') return sendCsv(res, `region-${slug(dashboard.region)}`, dashboard);
    return format ? sendExport(res, format, `region-${slug(dashboard.region)}`, await this.dashboards.exportSheets('region', region), q.rows) : dashboard;
  }
}
