import { Actor } from '@app/core';
import { ApiKeysService, Permission } from '@app/identity';
import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse } from './api-keys.dto';
import { IdParam } from '../http/id-param';

/** One's own API keys, with a signed-in session: a key never manages keys. */
@ApiTags('api keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @RequirePermission(Permission.ApiKeyManage)
  @ApiOperation({ summary: 'Create an API key', description: 'The key is in this answer only; the platform keeps its SHA-256. At most 20 active keys per account.' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.apiKeys.create(actor, { name: dto.name, scopes: dto.scopes, expiresAt: dto.expiresAt ?? null });
  }

  @Get()
  @RequirePermission(Permission.ApiKeyManage)
  @ApiOperation({ summary: 'List your API keys, revoked and expired ones included' })
  @ApiOkResponse({ type: [ApiKeyResponse] })
  list(@CurrentActor() actor: Actor): Promise<ApiKeyResponse[]> {
    return this.apiKeys.list(actor);
  }

  @Delete(':id')
  @RequirePermission(Permission.ApiKeyManage)
  @ApiOperation({ summary: 'Revoke one of your API keys', description: 'It stops working at once; the record stays.' })
  @ApiOkResponse({ type: ApiKeyResponse })
  @ApiNotFoundResponse({ type: ErrorBody, description: 'No such active key of yours' })
  revoke(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<ApiKeyResponse> {
    return this.apiKeys.revoke(actor, id);
  }
}
