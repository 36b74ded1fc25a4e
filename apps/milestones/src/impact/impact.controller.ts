import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { ProblemDoc } from '@poleflow/http';
import { ImpactReportDto, ImpactView, ImpactYearView } from './impact.dto.js';
import { ImpactService } from './impact.service.js';

export class ImpactYearParams {
  @IsUUID() projectId!: string;
  @Type(() => Number) @IsInt() @Min(2000) @Max(2100) year!: number;
}

@ApiTags('impact')
@ApiBearerAuth()
@ApiResponse({ status: 404, type: ProblemDoc, description: 'PROJECT_NOT_FOUND (also when the caller may not see the project)' })
@Controller('api/v1/impact')
export class ImpactController {
  constructor(private readonly impact: ImpactService) {}

  @Get(':projectId')
  @ApiOperation({ summary: 'A project\'s post-launch impact, every reported year with the totals (consortium, officers of the project\'s funders, admins)' })
  @ApiOkResponse({ type: ImpactView })
  get(@Param('projectId', new ParseUUIDPipe()) projectId: string, @CurrentUser() user: Principal): Promise<ImpactView> {
    return this.impact.get(projectId, user);
  }

  @Put(':projectId/:year')
  @ApiOperation({ summary: 'Report (or correct) the impact of a calendar year — revenue, jobs, patents, exports — once the market launch is validated; the current and the previous year are open (coordinator)' })
  @ApiParam({ name: 'projectId', format: 'uuid' })
  @ApiParam({ name: 'year', type: Number, example: 2027 })
  @ApiOkResponse({ type: ImpactYearView })
  @ApiResponse({ status: 400, type: ProblemDoc, description: 'VALIDATION_FAILED, with the failing fields' })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_COORDINATOR' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'NOT_ON_THE_MARKET (market launch not validated), IMPACT_YEAR_CLOSED (older than the previous year)' })
  @ApiResponse({ status: 422, type: ProblemDoc, description: 'BEFORE_MARKET_LAUNCH, IMPACT_YEAR_IN_FUTURE' })
  report(@Param() p: ImpactYearParams, @Body() dto: ImpactReportDto, @CurrentUser() user: Principal): Promise<ImpactYearView> {
    return this.impact.report(p.projectId, p.year, dto, user);
  }
}
