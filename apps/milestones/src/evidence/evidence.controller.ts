import { Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, type Principal } from '@poleflow/auth';
import { FileUpload, FileUploadProblems, fileOfTypes, ProblemDoc } from '@poleflow/http';
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
  @FileUpload(EVIDENCE_MAX_BYTES)
  @ApiOperation({ summary: 'Attach an evidence file to a milestone before reporting it (consortium): PDF, PNG, JPEG, DOCX or XLSX, 20 MB at most; SHA-256 recorded' })
  @FileUploadProblems()
  upload(
    @Param('id', new ParseUUIDPipe()) id: string,
    @UploadedFile(fileOfTypes(EVIDENCE_TYPES, 'accepted evidence files: PDF, PNG, JPEG, DOCX, XLSX (checked on the content)'))
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
