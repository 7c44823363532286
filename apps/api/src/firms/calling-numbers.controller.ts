import { AppConfig } from '@app/config';
import { Actor } from '@app/core';
import { CallingNumberImportService, CallingNumbersService } from '@app/firms';
import { Permission } from '@app/identity';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { FILE_FIELD, readMultipartUpload } from '../http/multipart';
import { CallingNumberPageResponse, CallingNumberResponse, DeclareNumberDto, FirmIdParam, FirmNumberParam, ListNumbersQuery, NumberImportResponse } from './firms.dto';

@ApiTags('firms')
@ApiBearerAuth()
@Controller('api/v1/firms/:firmId/numbers')
export class CallingNumbersController {
  constructor(
    private readonly numbers: CallingNumbersService,
    private readonly imports: CallingNumberImportService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: "A firm's declared calling numbers (firm users: their own firm only)" })
  @ApiOkResponse({ type: CallingNumberPageResponse })
  list(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam, @Query() query: ListNumbersQuery): Promise<CallingNumberPageResponse> {
    return this.numbers.list(actor, firmId, query.status, query.page, query.pageSize);
  }

  @Post()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({
    summary: 'Declare a calling number',
    description: 'Any common format; stored as E.164. 400 invalid_phone_number with the reason; 409 number_taken when another firm declared it (which one is not said).',
  })
  @ApiCreatedResponse({ type: CallingNumberResponse })
  declare(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam, @Body() dto: DeclareNumberDto): Promise<CallingNumberResponse> {
    return this.numbers.declare(actor, firmId, dto.number);
  }

  @Post('import')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Import a CSV list of numbers: all or nothing',
    description:
      'One number per line in the first column (`,` `;` or tab delimited; other columns ignored; a first line without digits is a header). ' +
      'Numbers your firm declared already are left as they are. When any line is at fault nothing is imported: 422 number_import_refused lists the lines (up to 1000) with the reason.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: [FILE_FIELD], properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } } } })
  @ApiOkResponse({ type: NumberImportResponse })
  async import(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam, @Req() request: FastifyRequest): Promise<NumberImportResponse> {
    const upload = await readMultipartUpload(request, { maxFileBytes: this.config.evidenceMaxBytes });
    return this.imports.import(actor, firmId, [upload.file.bytes]);
  }

  @Post(':numberId/retire')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Retire a number; it stays on record with the retirement date, and another firm may then declare it' })
  @ApiOkResponse({ type: CallingNumberResponse })
  retire(@CurrentActor() actor: Actor, @Param() { firmId, numberId }: FirmNumberParam): Promise<CallingNumberResponse> {
    return this.numbers.retire(actor, firmId, numberId);
  }
}
