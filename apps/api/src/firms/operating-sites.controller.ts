import { Actor } from '@app/core';
import { OperatingSitesService } from '@app/firms';
import { Permission } from '@app/identity';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { DeclareSiteDto, FirmIdParam, FirmSiteParam, OperatingSiteResponse } from './firms.dto';

@ApiTags('firms')
@ApiBearerAuth()
@Controller('api/v1/firms/:firmId/sites')
export class OperatingSitesController {
  constructor(private readonly sites: OperatingSitesService) {}

  @Get()
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: "A firm's operating sites, open and closed; sites outside the EU are flagged" })
  @ApiOkResponse({ type: [OperatingSiteResponse] })
  list(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam): Promise<OperatingSiteResponse[]> {
    return this.sites.list(actor, firmId);
  }

  @Post()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({ summary: 'Declare an operating site of your firm' })
  @ApiCreatedResponse({ type: OperatingSiteResponse })
  declare(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam, @Body() dto: DeclareSiteDto): Promise<OperatingSiteResponse> {
    return this.sites.declare(actor, firmId, dto);
  }

  @Post(':siteId/close')
  @RequirePermission(Permission.FirmSelfService)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Close a site; it stays on record with the closing date' })
  @ApiOkResponse({ type: OperatingSiteResponse })
  close(@CurrentActor() actor: Actor, @Param() { firmId, siteId }: FirmSiteParam): Promise<OperatingSiteResponse> {
    return this.sites.close(actor, firmId, siteId);
  }
}
