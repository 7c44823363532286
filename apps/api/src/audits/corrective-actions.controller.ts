import { EVIDENCE_CONTENT_TYPES } from '@app/applications';
import { CorrectiveActionsService } from '@app/audits';
import { AppConfig } from '@app/config';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { downloadableFile } from '../http/content-disposition';
import { FILE_FIELD, readMultipartUpload } from '../http/multipart';
import {
  AcceptCorrectiveActionDto,
  AnswerCorrectiveActionDto,
  CorrectiveActionDocumentParam,
  CorrectiveActionDocumentResponse,
  CorrectiveActionParam,
  CorrectiveActionResponse,
  CorrectiveActionsQuery,
  ReopenCorrectiveActionDto,
} from './audits.dto';

/**
 * The follow-up of findings' corrective actions: the firm answers with documents, the audit's
 * auditor accepts or reopens. Identified by the finding they belong to.
 */
@ApiTags('audits')
@ApiBearerAuth()
@Controller('api/v1/corrective-actions')
export class CorrectiveActionsController {
  constructor(
    private readonly correctiveActions: CorrectiveActionsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({
    summary: 'Corrective actions, earliest due first: a firm user sees its firm’s, an auditor those of their audits, reviewers and admins all',
    description: '`filter=pending` (default) leaves out the accepted ones.',
  })
  @ApiOkResponse({ type: [CorrectiveActionResponse] })
  list(@CurrentActor() actor: Actor, @Query() { filter }: CorrectiveActionsQuery): Promise<CorrectiveActionResponse[]> {
    return this.correctiveActions.list(actor, filter ?? 'pending');
  }

  @Get(':findingId')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'One corrective action with its follow-up (the audited firm, the audit’s auditor, reviewers, admins; others: 404)' })
  @ApiOkResponse({ type: CorrectiveActionResponse })
  get(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam): Promise<CorrectiveActionResponse> {
    return this.correctiveActions.get(actor, findingId);
  }

  @Post(':findingId/documents')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: 'Add a document to the answer (the audited firm), while the corrective action is open or reopened',
    description: `multipart/form-data with the file in \`${FILE_FIELD}\`; the type is detected from the bytes (PDF, PNG, JPEG, CSV, plain text; 415 otherwise), at most EVIDENCE_MAX_BYTES. 409 corrective_action_not_awaiting_firm once answered or accepted; another firm's is a 404.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: CorrectiveActionDocumentResponse })
  async addDocument(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Req() request: FastifyRequest): Promise<CorrectiveActionDocumentResponse> {
    const upload = await readMultipartUpload(request, { maxFileBytes: this.config.evidenceMaxBytes });
    return this.correctiveActions.addDocument(actor, findingId, { bytes: upload.file.bytes, clientFileName: upload.file.clientFileName });
  }

  @Get(':findingId/documents/:documentId')
  @RequirePermission(Permission.AccountSelf)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Download a document of the answer, as an attachment (whoever may read the corrective action)' })
  @ApiProduces(...EVIDENCE_CONTENT_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async document(@CurrentActor() actor: Actor, @Param() { findingId, documentId }: CorrectiveActionDocumentParam): Promise<StreamableFile> {
    const content = await this.correctiveActions.documentContent(actor, findingId, documentId);
    return downloadableFile(content);
  }

  @Post(':findingId/answer')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Answer the corrective action (the audited firm): what was done; the auditor is told',
    description: '422 answer_required for a blank answer; 409 corrective_action_not_awaiting_firm unless open or reopened; another firm’s is a 404.',
  })
  @ApiOkResponse({ type: CorrectiveActionResponse })
  answer(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Body() dto: AnswerCorrectiveActionDto): Promise<CorrectiveActionResponse> {
    return this.correctiveActions.answer(actor, findingId, dto.answer);
  }

  @Post(':findingId/accept')
  @RequirePermission(Permission.AuditRun)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Accept the firm’s answer (the audit’s auditor): the corrective action is closed for good; the firm is told',
    description: '409 corrective_action_not_answered unless answered; another auditor’s is a 404.',
  })
  @ApiOkResponse({ type: CorrectiveActionResponse })
  accept(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Body() dto: AcceptCorrectiveActionDto): Promise<CorrectiveActionResponse> {
    return this.correctiveActions.accept(actor, findingId, dto.note);
  }

  @Post(':findingId/reopen')
  @RequirePermission(Permission.AuditRun)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Reopen the corrective action with the reason (the audit’s auditor): the firm answers again by the same due date and is told',
    description: '422 reason_required for a blank reason; 409 corrective_action_not_answered unless answered; another auditor’s is a 404.',
  })
  @ApiOkResponse({ type: CorrectiveActionResponse })
  reopen(@CurrentActor() actor: Actor, @Param() { findingId }: CorrectiveActionParam, @Body() dto: ReopenCorrectiveActionDto): Promise<CorrectiveActionResponse> {
    return this.correctiveActions.reopen(actor, findingId, dto.reason);
  }
}
