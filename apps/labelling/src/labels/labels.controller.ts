import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@poleflow/auth';
import { Ctx, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { LabelService } from './label.service.js';
import { LabelCertificate, RevokeLabelDto } from './label.view.js';

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
