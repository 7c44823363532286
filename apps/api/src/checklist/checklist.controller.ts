import { ChecklistService } from '@app/checklist';
import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, RequirePermission } from '../http/access.decorators';
import { IdParam } from '../http/id-param';
import { ChecklistVersionResponse, ChecklistVersionSummaryResponse, PublishChecklistVersionDto } from './checklist.dto';

/** The checklist is public: anyone may read what the seal requires. */
@ApiTags('checklist')
@Controller('api/v1/checklist')
export class ChecklistController {
  constructor(private readonly checklist: ChecklistService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The current checklist version, the one new audits start with' })
  @ApiOkResponse({ type: ChecklistVersionResponse })
  current(): Promise<ChecklistVersionResponse> {
    return this.checklist.currentVersion();
  }

  @Get('versions')
  @Public()
  @ApiOperation({ summary: 'Every published checklist version, newest first' })
  @ApiOkResponse({ type: [ChecklistVersionSummaryResponse] })
  versions(): Promise<ChecklistVersionSummaryResponse[]> {
    return this.checklist.listVersions();
  }

  @Get('versions/:id')
  @Public()
  @ApiOperation({ summary: 'One checklist version with its items, current or not' })
  @ApiOkResponse({ type: ChecklistVersionResponse })
  version(@Param() { id }: IdParam): Promise<ChecklistVersionResponse> {
    return this.checklist.getVersion(id);
  }

  @Post('versions')
  @RequirePermission(Permission.ChecklistManage)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Publish a new checklist version; it becomes current, earlier versions are kept unchanged' })
  @ApiCreatedResponse({ type: ChecklistVersionResponse })
  publish(@CurrentActor() actor: Actor, @Body() dto: PublishChecklistVersionDto): Promise<ChecklistVersionResponse> {
    return this.checklist.publishVersion(actor, dto);
  }
}
