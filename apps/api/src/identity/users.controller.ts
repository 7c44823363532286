import { Actor } from '@app/core';
import { Permission, UsersService } from '@app/identity';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { CreateStaffUserDto, ListUsersQuery, UpdateUserDto, UserPageResponse, UserResponse } from './identity.dto';
import { IdParam } from '../http/id-param';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission(Permission.UserManage)
  @ApiOkResponse({ type: UserPageResponse })
  list(@Query() query: ListUsersQuery): Promise<UserPageResponse> {
    return this.users.list(query.page, query.pageSize, query.role);
  }

  @Post()
  @RequirePermission(Permission.UserManage)
  @ApiOperation({ summary: 'Create an admin, auditor or reviewer account' })
  @ApiCreatedResponse({ type: UserResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateStaffUserDto): Promise<UserResponse> {
    return this.users.create(actor, dto);
  }

  @Get(':id')
  @RequirePermission(Permission.UserManage)
  @ApiOkResponse({ type: UserResponse })
  get(@Param() { id }: IdParam): Promise<UserResponse> {
    return this.users.get(id);
  }

  @Patch(':id')
  @RequirePermission(Permission.UserManage)
  @ApiOperation({ summary: 'Rename, change the role of, disable or re-enable a user; applies on their next request' })
  @ApiOkResponse({ type: UserResponse })
  update(@CurrentActor() actor: Actor, @Param() { id }: IdParam, @Body() dto: UpdateUserDto): Promise<UserResponse> {
    return this.users.update(actor, id, dto);
  }
}
