import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { etagOf } from '@poleflow/http';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems, ETAG_HEADER, SIGNATURE_DOC } from './api-docs.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import {
  CreateWebhookDto, DeliveryListQuery, DeliveryPage, DeliveryView, RotateSecretDto, UpdateWebhookDto, WebhookListQuery, WebhookPage, WebhookResumed, WebhookView,
  WebhookWithSecret,
} from './webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiProblems(400, 401, 404)
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService, private readonly deliveries: WebhookDeliveriesService) {}

  @Post()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: "Subscribe a URL to events about the owner's projects (funder officer for their funder, pole manager for their pole); the secret is shown once", description: SIGNATURE_DOC })
  @ApiCreatedResponse({ type: WebhookWithSecret, headers: ETAG_HEADER })
  @ApiProblems(403, 409, 422)
  async create(@Body() dto: CreateWebhookDto, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<WebhookWithSecret> {
    const view = await this.webhooks.create(dto, user);
    res.setHeader('Location', `/api/v1/webhooks/${view.id}`);
    return tagged(res, view);
  }

  @Get()
  @ApiOperation({ summary: 'The subscriptions of the funders and poles the caller manages (admins: all), oldest first' })
  @ApiOkResponse({ type: WebhookPage })
  list(@Query() q: WebhookListQuery, @CurrentUser() user: Principal): Promise<WebhookPage> {
    return this.webhooks.list(q, user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One subscription (without its secret)' })
  @ApiOkResponse({ type: WebhookView, headers: ETAG_HEADER })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<WebhookView> {
    return tagged(res, await this.webhooks.get(id, user));
  }

  @Patch(':id')
  @ApiIfMatch()
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Change the URL (checked again), the event types, the description, or switch it off/on (switched back on: what waited is sent)' })
  @ApiOkResponse({ type: WebhookView, headers: ETAG_HEADER })
  @ApiProblems(422)
  async update(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateWebhookDto, @Headers('if-match') ifMatch: string | undefined,
    @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookView> {
    return tagged(res, await this.webhooks.update(id, ifMatch, dto, user));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiIfMatch(false)
  @ApiOperation({ summary: 'Delete the subscription with its deliveries and their log' })
  @ApiNoContentResponse()
  async remove(@Param('id', new ParseUUIDPipe()) id: string, @Headers('if-match') ifMatch: string | undefined, @CurrentUser() user: Principal): Promise<void> {
    await this.webhooks.remove(id, ifMatch, user);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'A new signing secret, shown once; the old one keeps signing alongside it for graceSeconds (default 24 h)' })
  @ApiOkResponse({ type: WebhookWithSecret, headers: ETAG_HEADER })
  async rotate(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RotateSecretDto, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response,
  ): Promise<WebhookWithSecret> {
    return tagged(res, await this.webhooks.rotateSecret(id, dto, user));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Resume a paused subscription: sends what is pending and the deliveries that failed since the last success' })
  @ApiOkResponse({ type: WebhookResumed, headers: ETAG_HEADER })
  async resume(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<WebhookResumed> {
    return tagged(res, await this.webhooks.resume(id, user));
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first: each event sent to the subscription with its attempts (status code, duration, error)' })
  @ApiOkResponse({ type: DeliveryPage })
  deliveriesOf(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: DeliveryListQuery, @CurrentUser() user: Principal): Promise<DeliveryPage> {
    return this.deliveries.list(id, q, user);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Send one delivery again (any status), with fresh attempts' })
  @ApiAcceptedResponse({ type: DeliveryView })
  @ApiProblems(409)
  redeliver(
    @Param('id', new ParseUUIDPipe()) id: string, @Param('deliveryId', new ParseUUIDPipe()) deliveryId: string, @CurrentUser() user: Principal,
  ): Promise<DeliveryView> {
    return this.deliveries.redeliver(id, deliveryId, user);
  }
}

function tagged<T extends WebhookView>(res: Response, view: T): T {
  res.setHeader('ETag', etagOf(view.version));
  return view;
}
