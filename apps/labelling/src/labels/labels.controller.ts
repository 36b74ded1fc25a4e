import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Public, type Principal } from '@poleflow/auth';
import { Ctx, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { LabelService } from './label.service.js';
import { certificatePdf } from './certificate-pdf.js';
import { CertificateQuery, LabelCertificate, LabelCertificateDetail, RevokeLabelDto } from './label.view.js';

@ApiTags('labels')
@Controller('api/v1/labels')
export class LabelsController {
  constructor(private readonly labels: LabelService) {}

  @Public()
  @Get(':number')
  @ApiOperation({ summary: 'Verify a label by its number (public, no account): holder project, pole, dates, status' })
  @ApiOkResponse({ type: LabelCertificate })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'LABEL_NOT_FOUND' })
  verify(@Param('number') number: string): Promise<LabelCertificate> {
    return this.labels.verify(number);
  }

  @Get(':number/certificate')
  @ApiBearerAuth()
  @ApiProduces('application/json', 'application/pdf')
  @ApiOperation({ summary: 'The label certificate with its consortium and how to verify it, as JSON or `?format=pdf` (the pole\'s managers and the consortium)' })
  @ApiOkResponse({ type: LabelCertificateDetail })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'LABEL_NOT_FOUND (also for a label the caller may not print)' })
  async certificate(
    @Param('number') number: string, @Query() q: CertificateQuery, @CurrentUser() user: Principal, @Headers() headers: Record<string, string | undefined>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LabelCertificateDetail | StreamableFile> {
    const detail = await this.labels.certificateDetail(number, user);
    if (q.format !== 'pdf') return detail;
    // The gateway sets x-forwarded-host/proto from the request it received: the verification URL is the one the user sees.
    const origin = headers['x-forwarded-host'] ? `${headers['x-forwarded-proto'] ?? 'https'}://${headers['x-forwarded-host']}` : '';
    const pdf = await certificatePdf(detail, origin);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="certificat-label-${detail.number}.pdf"`);
    return new StreamableFile(pdf);
  }

  @Post(':number/revocation')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Revoke a label, with a motivation (a manager of the pole that granted it); emits label.revoked' })
  @ApiOkResponse({ type: LabelCertificate })
  @ApiResponse({ status: 404, type: ProblemDoc, description: 'LABEL_NOT_FOUND (also for a label of another pole)' })
  @ApiResponse({ status: 409, type: ProblemDoc, description: 'LABEL_ALREADY_REVOKED' })
  revoke(@Param('number') number: string, @Body() dto: RevokeLabelDto, @Ctx() ctx: RequestCtx): Promise<LabelCertificate> {
    return this.labels.revoke(number, dto.motivation, ctx);
  }
}
