import { AppealsService, AppealSubjectError } from '@app/appeals';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { AppConfig } from '@app/config';
import { EVIDENCE_CONTENT_TYPES } from '@app/applications';
import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { downloadableFile } from '../http/content-disposition';
import { FILE_FIELD, readMultipartUpload } from '../http/multipart';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { AppealDocumentParam, AppealDocumentResponse, AppealResponse, AppealsQuery, DecideAppealDto, FileAppealDto, FormPanelDto } from './appeals.dto';

@ApiTags('appeals')
@ApiBearerAuth()
@Controller('api/v1/appeals')
export class AppealsController {
  constructor(
    private readonly appeals: AppealsService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary:
      "Appeal the suspension or revocation of the firm's rating (`ratingId`), the refusal of its application (`applicationId`) or the outcome of a surveillance check (`surveillanceCheckId`), within APPEAL_DAYS Rome days of it",
    description:
      'With `ratingId`: the latest suspension or revocation of the rating, while it stands (one a surveillance check decided is filed as that check\'s outcome, kind `surveillance_outcome`). With `applicationId`: the reviewer\'s refusal of the application, while it stands. With `surveillanceCheckId`: a decided check that suspended or revoked the rating, while that stands; a check that maintained the rating, with findings or not, has nothing to appeal (422). Filing changes nothing. 400 when several or none are given, 422 `nothing_to_appeal` (nothing suspended, revoked or refused), 422 `appeal_period_over` (with `lastDay`), 409 `appeal_already_filed`; another firm\'s rating, application or check is a 404.',
  })
  @ApiCreatedResponse({ type: AppealResponse })
  file(@CurrentActor() actor: Actor, @Body() dto: FileAppealDto): Promise<AppealResponse> {
    const named = [dto.ratingId, dto.applicationId, dto.surveillanceCheckId].filter((subject) => subject !== undefined);
    if (named.length > 1) throw new AppealSubjectError();
    if (dto.surveillanceCheckId !== undefined) return this.appeals.fileAgainstSurveillanceCheck(actor, dto.surveillanceCheckId, dto.reasons);
    return dto.applicationId !== undefined ? this.appeals.fileAgainstRefusal(actor, dto.applicationId, dto.reasons) : this.appeals.file(actor, dto.ratingId!, dto.reasons);
  }

  @Get()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'Appeals, newest first (firm users: their own firm only; admins and reviewers: all; others: none)' })
  @ApiOkResponse({ type: [AppealResponse] })
  list(@CurrentActor() actor: Actor, @Query() { status }: AppealsQuery): Promise<AppealResponse[]> {
    return this.appeals.list(actor, status);
  }

  @Get(':id')
  @RequirePermission(Permission.AccountSelf)
  @ApiOkResponse({ type: AppealResponse })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<AppealResponse> {
    return this.appeals.get(actor, id);
  }

  @Post(':id/documents')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: 'Add a document in support of the appeal (the firm), before the decision',
    description: `multipart/form-data with the file in \`${FILE_FIELD}\`; the type is detected from the bytes (PDF, PNG, JPEG, CSV, plain text; 415 otherwise), at most EVIDENCE_MAX_BYTES. 409 once decided; another firm's appeal is a 404.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: AppealDocumentResponse })
  async addDocument(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Req() request: FastifyRequest): Promise<AppealDocumentResponse> {
    const upload = await readMultipartUpload(request, { maxFileBytes: this.config.evidenceMaxBytes });
    return this.appeals.addDocument(actor, id, { bytes: upload.file.bytes, clientFileName: upload.file.clientFileName });
  }

  @Get(':id/documents/:documentId')
  @RequirePermission(Permission.AccountSelf)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Download a document of the appeal, as an attachment (the firm, admins, reviewers)' })
  @ApiProduces(...EVIDENCE_CONTENT_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async document(@CurrentActor() actor: Actor, @Param() { id, documentId }: AppealDocumentParam): Promise<StreamableFile> {
    const content = await this.appeals.documentContent(actor, id, documentId);
    return downloadableFile(content);
  }

  @Post(':id/panel')
  @RequirePermission(Permission.AppealPanelForm)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Form the panel (admin), once',
    description: 'Reviewers only, none of whom took the decision appealed (for a surveillance outcome: decided the check), audited the firm for it (a refusal; the auditor of the check) or belongs to the firm: otherwise 422 `panel_ineligible` naming each refused id and why. 409 `panel_already_formed`.',
  })
  @ApiOkResponse({ type: AppealResponse })
  formPanel(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: FormPanelDto): Promise<AppealResponse> {
    return this.appeals.formPanel(actor, id, dto.reviewerIds);
  }

  @Post(':id/stay')
  @RequirePermission(Permission.RatingDecide)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Stay the revocation appealed until the decision (a panel member), once',
    description:
      'The rating goes from revoked to suspended (public event "suspended", note "Revoca sospesa in attesa della decisione sul ricorso"); dismissed, it is revoked again. 403 `not_on_panel`; 409 `stay_not_possible` (not a revocation, already stayed, or the firm holds a newer rating) or `appeal_already_decided`.',
  })
  @ApiOkResponse({ type: AppealResponse })
  stay(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<AppealResponse> {
    return this.appeals.stay(actor, id);
  }

  @Post(':id/decision')
  @RequirePermission(Permission.RatingDecide)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Decide the appeal (a panel member), once',
    description:
      'Upheld: the rating is reinstated (public event "reinstated", note "Sospensione/Revoca annullata in appello", or for a surveillance outcome "Sospensione/Revoca decisa dalla verifica di sorveglianza annullata in appello", with `surveillance_check.annulled_on_appeal` in the check\'s history) unless the firm holds a newer rating; a refusal is annulled and its audit proposed again for a new decision by a reviewer who never decided on it (`decisionReopened`), unless the firm has applied again. 403 `not_on_panel`; 409 `appeal_without_panel` or `appeal_already_decided` (of concurrent deciders one wins).',
  })
  @ApiOkResponse({ type: AppealResponse })
  decide(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: DecideAppealDto): Promise<AppealResponse> {
    return this.appeals.decide(actor, id, dto);
  }
}
