import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@poleflow/auth';
import { ProblemDoc } from '@poleflow/http';
import { FunderPage, FunderQuery, FunderView } from './funder.dto.js';
import { FundersService } from './funders.service.js';

@ApiTags('funders')
@Public()
@Controller('api/v1/funders')
export class FundersController {
  constructor(private readonly funders: FundersService) {}

  @Get()
  @ApiOperation({ summary: 'Public funders (national agencies, Regions); no account needed' })
  @ApiOkResponse({ type: FunderPage })
  list(@Query() q: FunderQuery): Promise<FunderPage> {
    return this.funders.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One funder' })
  @ApiOkResponse({ type: FunderView })
  @ApiNotFoundResponse({ type: ProblemDoc })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<FunderView> {
    return this.funders.get(id);
  }
}
