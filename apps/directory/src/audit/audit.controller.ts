import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@poleflow/auth';
import { ProblemDoc, type Page } from '@poleflow/http';
import { AuditPage, AuditQuery, type AuditEntryView } from './audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The security audit trail, newest first, filtered by action, actor, target, outcome and period (admin)' })
  @ApiOkResponse({ type: AuditPage })
  @ApiForbiddenResponse({ type: ProblemDoc })
  list(@Query() q: AuditQuery): Promise<Page<AuditEntryView>> {
    return this.audit.list(q);
  }
}
