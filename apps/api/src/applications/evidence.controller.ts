import { EVIDENCE_CONTENT_TYPES, EvidenceService } from '@app/applications';
import { AppConfig } from '@app/config';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { Controller, Get, Header, Param, Post, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { downloadableFile } from '../http/content-disposition';
import { FILE_FIELD, readMultipartUpload } from '../http/multipart';
import { AnswerParam, ApplicationIdParam, EVIDENCE_FIELD_NAMES, EvidenceFieldsDto, EvidenceParam, EvidenceResponse } from './applications.dto';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications/:id')
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly config: AppConfig,
  ) {}

  @Post('items/:itemCode/evidence')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: 'Attach a document to a checklist item of your draft application',
    description:
      'multipart/form-data with the file in `file`. The type is detected from the bytes (PDF, PNG, JPEG, CSV, plain text; 415 otherwise, also for markup and for a name claiming another type); ' +
      '413 over the size limit (EVIDENCE_MAX_BYTES). Send `supersedesId` to replace an earlier version: both stay listed.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [FILE_FIELD, 'effectiveDate'],
      properties: {
        [FILE_FIELD]: { type: 'string', format: 'binary' },
        effectiveDate: { type: 'string', format: 'date', description: 'The date the document bears' },
        expiresOn: { type: 'string', format: 'date', description: 'When the document stops being valid' },
        description: { type: 'string', maxLength: 500 },
        supersedesId: { type: 'string', format: 'uuid', description: 'The earlier version this one replaces' },
      },
    },
  })
  @ApiCreatedResponse({ type: EvidenceResponse })
  async upload(@CurrentActor() actor: Actor, @Param() { id, itemCode }: AnswerParam, @Req() request: FastifyRequest): Promise<EvidenceResponse> {
    const upload = await readMultipartUpload(request, { maxFileBytes: this.config.evidenceMaxBytes, fields: { dto: EvidenceFieldsDto, names: EVIDENCE_FIELD_NAMES } });
    return this.evidence.upload(actor, id, itemCode, { ...upload.fields, bytes: upload.file.bytes, clientFileName: upload.file.clientFileName });
  }

  @Get('evidence')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'Every version of every document of the application (the firm’s members and staff; 404 for anyone else)' })
  @ApiOkResponse({ type: [EvidenceResponse] })
  list(@CurrentActor() actor: Actor, @Param() { id }: ApplicationIdParam): Promise<EvidenceResponse[]> {
    return this.evidence.list(actor, id);
  }

  @Get('evidence/:evidenceId/content')
  @RequirePermission(Permission.AccountSelf)
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({ summary: 'Download the exact bytes of one version, as an attachment with the detected type' })
  @ApiProduces(...EVIDENCE_CONTENT_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async content(@CurrentActor() actor: Actor, @Param() { id, evidenceId }: EvidenceParam): Promise<StreamableFile> {
    const content = await this.evidence.content(actor, id, evidenceId);
    return downloadableFile(content);
  }
}
