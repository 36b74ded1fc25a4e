import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '@poleflow/auth';
import { ProblemDoc } from '@poleflow/http';
import { PolePage, PoleQuery, PoleView } from './pole.dto.js';
import { PolesService } from './poles.service.js';

@ApiTags('poles')
@Public()
@Controller('api/v1/poles')
export class PolesController {
  constructor(private readonly poles: PolesService) {}

  @Get()
  @ApiOperation({ summary: 'Search the public pole directory by region, theme and text; no account needed' })
  @ApiOkResponse({ type: PolePage })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'INVALID_CURSOR, VALIDATION_FAILED' })
  search(@Query() q: PoleQuery): Promise<PolePage> {
    return this.poles.search(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One pole, by id or by slug' })
  @ApiParam({ name: 'id', description: 'uuid, or slug such as aerospace-valley' })
  @ApiOkResponse({ type: PoleView })
  @ApiNotFoundResponse({ type: ProblemDoc })
  get(@Param('id') id: string): Promise<PoleView> {
    return this.poles.get(id);
  }
}
