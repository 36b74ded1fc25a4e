import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { ApiProblems } from './api-docs.js';
import { FeedPage, FeedQuery } from './feed.dto.js';
import { FeedService } from './feed.service.js';

@ApiTags('event feed')
@ApiBearerAuth()
@Controller('api/v1/feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @ApiOperation({
    summary: 'The events the caller may see, in a strictly increasing order, by opaque cursor',
    description: 'Admins: every event; a funder officer: the projects that applied to the funder\'s calls; pole staff: the projects that target the pole; '
      + 'organisation members: their consortia\'s projects. Follow nextCursor until it is null to catch up (after a webhook outage, say), then keep '
      + 'resumeCursor to continue later. Each event appears once; reviewers\' identities never do.',
  })
  @ApiOkResponse({ type: FeedPage })
  @ApiProblems(400, 401)
  page(@Query() q: FeedQuery, @CurrentUser() user: Principal): Promise<FeedPage> {
    return this.feed.page(q, user);
  }
}
