import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { SurveillancePlansService } from '@app/surveillance';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { CreateSurveillancePlanDto, DrawExplanationResponse, PlanFirmParam, SurveillancePlanResponse, SurveillancePlanWithEntriesResponse } from './surveillance.dto';

@ApiTags('surveillance')
@ApiBearerAuth()
@Controller('api/v1/surveillance/plans')
export class SurveillanceController {
  constructor(private readonly plans: SurveillancePlansService) {}

  @Post()
  @RequirePermission(Permission.SurveillancePlan)
  @ApiOperation({
    summary: "Make the year's surveillance plan (admin): every active rating for its yearly check, a weighted random sample for an unannounced one",
    description: 'Once per year: 409 `surveillance_plan_exists`. 422 `plan_year_refused` (not the current Rome year or the next), 422 `unknown_checklist_items`.',
  })
  @ApiCreatedResponse({ type: SurveillancePlanWithEntriesResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSurveillancePlanDto): Promise<SurveillancePlanWithEntriesResponse> {
    return this.plans.create(actor, dto);
  }

  @Get()
  @RequirePermission(Permission.SurveillancePlan)
  @ApiOperation({ summary: 'Surveillance plans, newest year first (admin)' })
  @ApiOkResponse({ type: [SurveillancePlanResponse] })
  list(): Promise<SurveillancePlanResponse[]> {
    return this.plans.list();
  }

  @Get(':id')
  @RequirePermission(Permission.SurveillancePlan)
  @ApiOperation({ summary: 'A plan with its seed, weights and every entry in rank order (admin)' })
  @ApiOkResponse({ type: SurveillancePlanWithEntriesResponse })
  get(@Param() { id }: IdParam): Promise<SurveillancePlanWithEntriesResponse> {
    return this.plans.get(id);
  }

  @Get(':id/firms/:firmId')
  @RequirePermission(Permission.SurveillancePlan)
  @ApiOperation({ summary: 'Why a firm was (or was not) drawn in the plan: its factors, points, weight, random number, key, rank and the threshold (admin)' })
  @ApiOkResponse({ type: DrawExplanationResponse })
  explain(@Param() { id, firmId }: PlanFirmParam): Promise<DrawExplanationResponse> {
    return this.plans.explain(id, firmId);
  }
}
