import { Actor } from '@app/core';
import { FirmsService } from '@app/firms';
import { Permission } from '@app/identity';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { AddFirmMemberDto, FirmIdParam, FirmMemberResponse, FirmPageResponse, FirmResponse, ListFirmsQuery, RegisterFirmDto, UpdateFirmDto } from './firms.dto';

@ApiTags('firms')
@ApiBearerAuth()
@Controller('api/v1/firms')
export class FirmsController {
  constructor(private readonly firms: FirmsService) {}

  @Post()
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({ summary: 'Register your firm; you become its owner', description: '409 vat_number_taken when the VAT number is registered already, already_in_firm when your account belongs to a firm.' })
  @ApiCreatedResponse({ type: FirmResponse })
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterFirmDto): Promise<FirmResponse> {
    return this.firms.register(actor, dto);
  }

  @Get()
  @RequirePermission(Permission.FirmRead)
  @ApiOperation({ summary: 'Every firm, by name (staff)' })
  @ApiOkResponse({ type: FirmPageResponse })
  list(@Query() query: ListFirmsQuery): Promise<FirmPageResponse> {
    return this.firms.list(query.page, query.pageSize, query.search);
  }

  @Get(':firmId')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: 'A firm (firm users: their own firm only; 404 for any other)' })
  @ApiOkResponse({ type: FirmResponse })
  get(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam): Promise<FirmResponse> {
    return this.firms.get(actor, firmId);
  }

  @Patch(':firmId')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({ summary: "Change your firm's data" })
  @ApiOkResponse({ type: FirmResponse })
  update(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam, @Body() dto: UpdateFirmDto): Promise<FirmResponse> {
    return this.firms.update(actor, firmId, dto);
  }

  @Get(':firmId/members')
  @RequirePermission(Permission.AccountSelf)
  @ApiOperation({ summary: "A firm's users (firm users: their own firm only)" })
  @ApiOkResponse({ type: [FirmMemberResponse] })
  members(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam): Promise<FirmMemberResponse[]> {
    return this.firms.listMembers(actor, firmId);
  }

  @Post(':firmId/members')
  @RequirePermission(Permission.FirmSelfService)
  @ApiOperation({ summary: 'Create another user of your firm (owners only)' })
  @ApiCreatedResponse({ type: FirmMemberResponse })
  addMember(@CurrentActor() actor: Actor, @Param() { firmId }: FirmIdParam, @Body() dto: AddFirmMemberDto): Promise<FirmMemberResponse> {
    return this.firms.addMember(actor, firmId, dto);
  }
}
