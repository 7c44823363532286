import { AuditWorkService } from '@app/audits';
import { AppConfig } from '@app/config';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EvidenceResponse } from '../applications/applications.dto';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { FILE_FIELD, readMultipartUpload } from '../http/multipart';
import { AnswerInformationRequestDto, INFORMATION_EVIDENCE_FIELD_NAMES, InformationEvidenceFieldsDto, InformationRequestParam, InformationRequestResponse } from './audits.dto';

/** The firm's side of an information request: documents, then the answer that lets the audit resume. */
@ApiTags('audits')
@ApiBearerAuth()
@Controller('api/v1/audits/:id/information-requests/:requestId')
export class InformationAnswersController {
  constructor(
    private readonly work: AuditWorkService,
    private readonly config: AppConfig,
  ) {}

  @Post('evidence')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: 'Add a document in answer to an open question of your audit; it becomes evidence of your application on the item named',
    description: 'multipart/form-data like evidence uploads (file in `file`, detected type, size limit), plus `itemCode`. 409 once the question is answered.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [FILE_FIELD, 'itemCode', 'effectiveDate'],
      properties: {
        [FILE_FIELD]: { type: 'string', format: 'binary' },
        itemCode: { type: 'string', example: 'TR-01' },
        effectiveDate: { type: 'string', format: 'date', description: 'The date the document bears' },
        expiresOn: { type: 'string', format: 'date' },
        description: { type: 'string', maxLength: 500 },
        supersedesId: { type: 'string', format: 'uuid', description: 'The earlier version this one replaces' },
      },
    },
  })
  @ApiCreatedResponse({ type: EvidenceResponse })
  async addEvidence(@CurrentActor() actor: Actor, @Param() { id, requestId }: InformationRequestParam, @Req() request: FastifyRequest): Promise<EvidenceResponse> {
    const upload = await readMultipartUpload(request, { maxFileBytes: this.config.evidenceMaxBytes, fields: { dto: InformationEvidenceFieldsDto, names: INFORMATION_EVIDENCE_FIELD_NAMES } });
    const { itemCode, ...fields } = upload.fields;
    return this.work.attachEvidence(actor, id, requestId, itemCode, { ...fields, bytes: upload.file.bytes, clientFileName: upload.file.clientFileName });
  }

  @Post('answer')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Answer a question of your audit; once every question is answered the audit resumes' })
  @ApiOkResponse({ type: InformationRequestResponse })
  answer(@CurrentActor() actor: Actor, @Param() { id, requestId }: InformationRequestParam, @Body() dto: AnswerInformationRequestDto): Promise<InformationRequestResponse> {
    return this.work.answerInformationRequest(actor, id, requestId, dto.answer);
  }
}
