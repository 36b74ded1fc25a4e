import { Controller, Get, HttpStatus, Param, ParseFilePipeBuilder, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { ProblemDoc } from '@poleflow/http';
import { EvidenceService, type EvidenceView, type UploadedFile as File } from './evidence.service.js';

/** 20 MB: a report's evidence is a document, a photo, a test sheet — not a video. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;
/** Checked on the file's content (magic numbers), not on the name or the declared type. */
export const EVIDENCE_TYPES = /^(application\/pdf|image\/png|image\/jpeg|application\/vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet))$/;

@ApiTags('milestones')
@ApiBearerAuth()
@ApiResponse({ status: 404, type: ProblemDoc, description: 'MILESTONE_NOT_FOUND, EVIDENCE_NOT_FOUND (also when the caller may not see it)' })
@Controller('api/v1')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('milestones/:id/evidence')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOperation({ summary: 'Attach an evidence file to a milestone before reporting it (consortium): PDF, PNG, JPEG, DOCX or XLSX, 20 MB at most; SHA-256 recorded' })
  @ApiResponse({ status: 413, type: ProblemDoc, description: 'PAYLOAD_TOO_LARGE' })
  @ApiResponse({ status: 415, type: ProblemDoc, description: 'UNSUPPORTED_MEDIA_TYPE (the content is not an accepted type) or a missing file' })
  upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @UploadedFile(new ParseFilePipeBuilder().addFileTypeValidator({ fileType: EVIDENCE_TYPES, overrideMimeType: true, errorMessage: 'accepted evidence files: PDF, PNG, JPEG, DOCX, XLSX (checked on the content)' }).build({ errorHttpStatusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE }))
    file: File,
    @CurrentUser() user: Principal,
  ): Promise<EvidenceView> {
    return this.evidence.upload(id, file, user);
  }

  @Get('milestones/:id/evidence')
  @ApiOperation({ summary: 'The evidence files of a milestone (metadata with SHA-256)' })
  list(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal): Promise<EvidenceView[]> {
    return this.evidence.list(id, user);
  }

  @Get('evidence/:id/content')
  @ApiOperation({ summary: 'Download an evidence file (whoever may see its milestone)' })
  async download(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: Principal, @Res() res: Response): Promise<void> {
    const { meta, content } = await this.evidence.download(id, user);
    res.setHeader('Content-Type', meta.contentType);
    res.setHeader('Content-Length', String(content.length));
    res.setHeader('Content-Disposition', `attachment; filename="${meta.filename}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Digest', `sha-256=${Buffer.from(meta.sha256, 'hex').toString('base64')}`);
    res.end(content);
  }
}
