import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { Ctx, etagOf, FileUpload, FileUploadProblems, fileOfTypes, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { CloseSupportDto, OpenSupportDto, RescheduleSupportDto, SupportAttachmentView, SupportListQuery, SupportMessageDto, SupportRequestView } from './support.dto.js';
import { SupportService, type UploadedFile as File } from './support.service.js';

/** As milestone evidence: 20 MB, the type checked on the content (magic numbers). */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
export const ATTACHMENT_TYPES = /^(application\/pdf|image\/png|image\/jpeg|application\/vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet))$/;

@ApiTags('support')
@ApiBearerAuth()
@ApiResponse({ status: 404, type: ProblemDoc, description: 'SUPPORT_REQUEST_NOT_FOUND (also when the caller may not see it)' })
@Controller('api/v1/support-requests')
export class SupportController {
  constructor(private readonly support: SupportService) {}

  @Post()
  @ApiOperation({ summary: 'Ask the pole for help (a member of a member organisation): private financing, international, industrial property, human resources, or another area' })
  @ApiResponse({ status: 201, type: SupportRequestView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_ORGANISATION_MEMBER, NOT_POLE_MEMBER' })
  @ApiResponse({ status: 422, type: ProblemDoc, description: 'AREA_DETAIL_REQUIRED' })
  async open(@Body() dto: OpenSupportDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<SupportRequestView> {
    return tagged(res, await this.support.open(dto, ctx));
  }

  @Get()
  @ApiOperation({ summary: 'Support requests: a pole\'s inbox (its staff), or the caller\'s organisations\' requests' })
  @ApiOkResponse({ type: [SupportRequestView] })
  list(@Query() q: SupportListQuery, @CurrentUser() user: Principal): Promise<SupportRequestView[]> {
    return this.support.list(q, user);
  }

  @Get(':id')
  @ApiOkResponse({ type: SupportRequestView, headers: { ETag: { description: 'W/"<version>"' } } })
  async get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res({ passthrough: true }) res: Response): Promise<SupportRequestView> {
    return tagged(res, await this.support.get(id, user));
  }

  @Post(':id/take')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take the request (pole staff): the caller handles it' })
  @ApiOkResponse({ type: SupportRequestView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_POLE_STAFF' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'INVALID_SUPPORT_TRANSITION' })
  async take(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<SupportRequestView> {
    return tagged(res, await this.support.take(id, ctx));
  }

  @Post(':id/messages')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer or ask for more (pole staff), or reply (the member)' })
  @ApiOkResponse({ type: SupportRequestView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_POLE_STAFF, NOT_ORGANISATION_MEMBER' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'INVALID_SUPPORT_TRANSITION' })
  async message(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: SupportMessageDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<SupportRequestView> {
    return tagged(res, await this.support.message(id, dto, ctx));
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the request with what the pole did (pole staff)' })
  @ApiOkResponse({ type: SupportRequestView })
  @ApiResponse({ status: 403, type: ProblemDoc, description: 'NOT_POLE_STAFF' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'INVALID_SUPPORT_TRANSITION' })
  async close(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: CloseSupportDto, @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response): Promise<SupportRequestView> {
    return tagged(res, await this.support.close(id, dto, ctx));
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false })
  @ApiOperation({ summary: 'Move the due date (pole staff); its reminder and overdue timers are re-armed' })
  @ApiOkResponse({ type: SupportRequestView })
  @ApiResponse({ status: 422, type: ProblemDoc, description: 'INVALID_DUE_DATE' })
  async reschedule(
    @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RescheduleSupportDto, @Headers('if-match') ifMatch: string | undefined,
    @Ctx() ctx: RequestCtx, @Res({ passthrough: true }) res: Response,
  ): Promise<SupportRequestView> {
    return tagged(res, await this.support.reschedule(id, ifMatch, dto, ctx));
  }

  @Post(':id/attachments')
  @FileUpload(ATTACHMENT_MAX_BYTES)
  @ApiOperation({ summary: 'Attach a file to an open request (the member or pole staff): PDF, PNG, JPEG, DOCX or XLSX, 20 MB at most; SHA-256 recorded' })
  @ApiResponse({ status: 201, type: SupportAttachmentView })
  @FileUploadProblems()
  attach(
    @Param('id', new ParseUUIDPipe()) id: string,
    @UploadedFile(fileOfTypes(ATTACHMENT_TYPES, 'accepted files: PDF, PNG, JPEG, DOCX, XLSX (checked on the content)'))
    file: File,
    @CurrentUser() user: Principal,
  ): Promise<SupportAttachmentView> {
    return this.support.attach(id, file, user);
  }

  @Get(':id/attachments/:attachmentId/content')
  @ApiOperation({ summary: 'Download an attached file (whoever sees the request)' })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'ATTACHMENT_NOT_FOUND' })
  async download(
    @Param('id', new ParseUUIDPipe()) id: string, @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string, @CurrentUser() user: Principal, @Res() res: Response,
  ): Promise<void> {
    const { meta, content } = await this.support.download(id, attachmentId, user);
    res.setHeader('Content-Type', meta.contentType);
    res.setHeader('Content-Length', String(content.length));
    res.setHeader('Content-Disposition', `attachment; filename="${meta.filename}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Digest', `sha-256=${Buffer.from(meta.sha256, 'hex').toString('base64')}`);
    res.end(content);
  }
}

function tagged(res: Response, v: SupportRequestView): SupportRequestView {
  res.setHeader('ETag', etagOf(v.version));
  return v;
}
