import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse,
  ApiOperation, ApiTags,
} from '@nestjs/swagger';
import { Roles } from '@poleflow/auth';
import { Ctx, ProblemDoc, type RequestCtx } from '@poleflow/http';
import { AffiliationView, GrantStaffAffiliationDto } from './affiliation.dto.js';
import { AffiliationsService } from './affiliations.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/affiliations')
export class AdminAffiliationsController {
  constructor(private readonly affiliations: AffiliationsService) {}

  @Post()
  @ApiOperation({ summary: 'Appoint an account as reviewer / pole manager of a pole or officer of a funder (admin)' })
  @ApiCreatedResponse({ type: AffiliationView })
  @ApiBadRequestResponse({ type: ProblemDoc, description: 'ROLE_KIND_MISMATCH, VALIDATION_FAILED' })
  @ApiForbiddenResponse({ type: ProblemDoc })
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'ACCOUNT_NOT_FOUND, POLE_NOT_FOUND, FUNDER_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDoc, description: 'AFFILIATION_EXISTS' })
  grant(@Body() dto: GrantStaffAffiliationDto, @Ctx() ctx: RequestCtx): Promise<AffiliationView> {
    return this.affiliations.grantStaff(dto, ctx);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End an affiliation (admin); the account loses the role at its next token' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDoc, description: 'AFFILIATION_NOT_FOUND' })
  async revoke(@Param('id', new ParseUUIDPipe()) id: string, @Ctx() ctx: RequestCtx): Promise<void> {
    await this.affiliations.revoke(id, ctx);
  }
}
