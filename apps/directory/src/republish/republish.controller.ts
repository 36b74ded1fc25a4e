import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@poleflow/auth';
import { Ctx, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { ApiIdempotencyKey } from '../common/api-docs.js';
import { RepublishDto, RepublishView } from './republish.dto.js';
import { RepublishService } from './republish.service.js';

/**
 * Operations: re-emit the reference data for a consumer that joins a running platform. A plain HTTP call, so
 * a start or deploy script needs nothing but an admin token:
 *   curl -X POST http://127.0.0.1:3001/api/v1/admin/republish -H "authorization: Bearer $TOKEN" \
 *        -H 'content-type: application/json' -d '{"types":["pole.published","funder.published"]}'
 */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/republish')
export class RepublishController {
  constructor(private readonly republisher: RepublishService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Re-emit pole.published, funder.published, organisation.registered and affiliation.changed (added) for the current state (admin)',
    description: 'The events are in the outbox when this answers; the relay delivers them to every subscriber. Consumers upsert, so a replay is harmless.',
  })
  @ApiAcceptedResponse({ type: RepublishView })
  @ApiIdempotencyKey()
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'VALIDATION_FAILED: unknown or repeated type, empty list' })
  @ApiForbiddenResponse({ type: ProblemDoc, description: 'FORBIDDEN: admins only' })
  republish(@Body() dto: RepublishDto, @Ctx() ctx: RequestCtx): Promise<RepublishView> {
    return this.republisher.republish(dto.types, ctx);
  }
}
