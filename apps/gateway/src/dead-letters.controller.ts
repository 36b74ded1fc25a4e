import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { Roles } from '@poleflow/auth';
import { DeadLetterQuery, DeadLetterView } from '@poleflow/messaging';
import { DeadLetterFanout, type MergedPage } from './dead-letters.fanout.js';
import { UPSTREAM_NAMES, type UpstreamName } from './routes.js';

export class ServiceQuery {
  @ApiPropertyOptional({ enum: UPSTREAM_NAMES, description: 'only this service' })
  @IsOptional() @IsIn(UPSTREAM_NAMES) service?: UpstreamName;
}

export class AllDeadLettersQuery extends DeadLetterQuery {
  @ApiPropertyOptional({ enum: UPSTREAM_NAMES, description: 'only this service' })
  @IsOptional() @IsIn(UPSTREAM_NAMES) service?: UpstreamName;
}

export class AllDeadLettersPage implements MergedPage {
  @ApiProperty({ type: DeadLetterView, isArray: true, description: 'newest failure first; `service` says where each one lives' })
  items!: DeadLetterView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ type: String, isArray: true, description: 'services that could not be asked (left out of this listing)' })
  unavailable!: string[];
}

/** What the gateway passes on to a service it asks on the caller's behalf. */
const forwarded = (req: Request & { id?: unknown }) => ({
  authorization: req.header('authorization'),
  'x-correlation-id': typeof req.id === 'string' ? req.id : undefined,
});

/** The dead letters of every service behind one admin endpoint (each service keeps its own store). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin/dead-letters')
@Roles('admin')
export class DeadLettersController {
  constructor(private readonly fanout: DeadLetterFanout) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters of all services, newest first (admin)', description: 'Asks every service (or `service`) and merges the lists; the cursor resumes each service where it stopped.' })
  @ApiOkResponse({ type: AllDeadLettersPage })
  list(@Query() q: AllDeadLettersQuery, @Req() req: Request): Promise<MergedPage> {
    return this.fanout.list({
      services: q.service ? [q.service] : [...UPSTREAM_NAMES], status: q.status, cursor: q.cursor, limit: q.limit ?? 20, headers: forwarded(req),
    });
  }

  @Post(':id/redrive')
  @ApiOperation({ summary: 'Put a dead-lettered event back on its queue, in whichever service holds it (admin)' })
  @ApiOkResponse({ type: DeadLetterView })
  async redrive(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: ServiceQuery, @Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.fanout.redrive(id, q.service ? [q.service] : [...UPSTREAM_NAMES], forwarded(req));
    res.status(answer.status).type(answer.contentType).send(answer.body);
  }
}
