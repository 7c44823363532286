import { Actor, Clock } from '@app/core';
import { Permission } from '@app/identity';
import { SanctionsService } from '@app/sanctions';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import {
  AnnulSanctionDto,
  CreateSanctionDto,
  ListSanctionsQuery,
  SanctionCriterionQuery,
  SanctionCriterionResponse,
  SanctionPageResponse,
  SanctionResponse,
  UpdateSanctionDto,
} from './sanctions.dto';

/** Noon UTC falls on the same calendar day in Rome all year round. */
const instantOnRomeDay = (day: string) => new Date(`${day}T12:00:00Z`);

@ApiTags('sanctions')
@ApiBearerAuth()
@Controller('api/v1/sanctions')
export class SanctionsController {
  constructor(
    private readonly sanctions: SanctionsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequirePermission(Permission.SanctionRead)
  @ApiOperation({ summary: 'The sanctions register, newest first, filtered by firm, status, authority or conduct' })
  @ApiOkResponse({ type: SanctionPageResponse })
  list(@Query() query: ListSanctionsQuery): Promise<SanctionPageResponse> {
    return this.sanctions.list(query);
  }

  @Get('criterion')
  @RequirePermission(Permission.SanctionRead)
  @ApiOperation({
    summary: 'Criterion 3 for a firm: no definitive sanction in the two years before the decision day',
    description: 'Counts sanctions definitive in (day minus 2 years, day] for data violations or conduct harmful to customers; lists the others the reviewer must see.',
  })
  @ApiOkResponse({ type: SanctionCriterionResponse })
  criterion(@Query() query: SanctionCriterionQuery): Promise<SanctionCriterionResponse> {
    return this.sanctions.evaluateForFirm(query.firmId, query.date === undefined ? this.clock.now() : instantOnRomeDay(query.date));
  }

  @Post()
  @RequirePermission(Permission.SanctionManage)
  @ApiOperation({ summary: 'Record a sanction imposed on a firm' })
  @ApiCreatedResponse({ type: SanctionResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSanctionDto): Promise<SanctionResponse> {
    return this.sanctions.record(actor, { ...dto, amountCents: dto.amountCents ?? null, definitiveOn: dto.definitiveOn ?? null, notes: dto.notes ?? null });
  }

  @Get(':id')
  @RequirePermission(Permission.SanctionRead)
  @ApiOkResponse({ type: SanctionResponse })
  get(@Param() { id }: IdParam): Promise<SanctionResponse> {
    return this.sanctions.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.SanctionManage)
  @ApiOperation({ summary: 'Correct a sanction, or record the day it became definitive; an annulled sanction no longer changes' })
  @ApiOkResponse({ type: SanctionResponse })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateSanctionDto): Promise<SanctionResponse> {
    return this.sanctions.update(actor, id, dto);
  }

  @Post(':id/annulment')
  @RequirePermission(Permission.SanctionManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record that a sanction was withdrawn or annulled; it stays in the register and no longer counts' })
  @ApiOkResponse({ type: SanctionResponse })
  annul(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: AnnulSanctionDto): Promise<SanctionResponse> {
    return this.sanctions.annul(actor, id, dto.reason);
  }
}
