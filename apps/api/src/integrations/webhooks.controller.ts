import { Actor } from '@app/core';
import { Permission } from '@app/identity';
import { WebhooksService } from '@app/webhooks';
import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '../http/access.decorators';
import { ErrorBody } from '../http/error-body';
import { IdParam } from '../http/id-param';
import { CreateWebhookEndpointDto, WebhookDeliveryResponse, WebhookEndpointResponse, WebhookEndpointWithSecretResponse } from './webhooks.dto';

/** One's own webhook endpoints: with a session, or an API key with the `webhooks:manage` scope. */
@ApiTags('webhooks')
@ApiBearerAuth()
@ApiNotFoundResponse({ type: ErrorBody, description: 'No such endpoint or delivery of yours' })
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('endpoints')
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({
    summary: 'Register a webhook endpoint',
    description: 'Deliveries follow Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`, HMAC-SHA256 with the returned secret). The URL must be https and resolve to public addresses (checked now and at every delivery).',
  })
  @ApiCreatedResponse({ type: WebhookEndpointWithSecretResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookEndpointDto): Promise<WebhookEndpointWithSecretResponse> {
    return this.webhooks.create(actor, { url: dto.url, events: dto.events, vatNumbers: dto.vatNumbers ?? [], description: dto.description ?? '' });
  }

  @Get('endpoints')
  @RequirePermission(Permission.WebhookManage)
  @ApiOkResponse({ type: [WebhookEndpointResponse] })
  list(@CurrentActor() actor: Actor): Promise<WebhookEndpointResponse[]> {
    return this.webhooks.list(actor);
  }

  @Get('endpoints/:id')
  @RequirePermission(Permission.WebhookManage)
  @ApiOkResponse({ type: WebhookEndpointResponse })
  get(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<WebhookEndpointResponse> {
    return this.webhooks.get(actor, id);
  }

  @Post('endpoints/:id/rotate-secret')
  @RequirePermission(Permission.WebhookManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Replace the signing secret', description: 'For 24 hours deliveries carry two signatures, by the new secret and the old one.' })
  @ApiOkResponse({ type: WebhookEndpointWithSecretResponse })
  rotateSecret(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<WebhookEndpointWithSecretResponse> {
    return this.webhooks.rotateSecret(actor, id);
  }

  @Post('endpoints/:id/enable')
  @RequirePermission(Permission.WebhookManage)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Turn an endpoint disabled after 3 days of failures back on' })
  @ApiOkResponse({ type: WebhookEndpointResponse })
  enable(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<WebhookEndpointResponse> {
    return this.webhooks.enable(actor, id);
  }

  @Delete('endpoints/:id')
  @RequirePermission(Permission.WebhookManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'No more deliveries to it; its delivery log stays' })
  remove(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  @Get('endpoints/:id/deliveries')
  @RequirePermission(Permission.WebhookManage)
  @ApiOperation({ summary: 'The latest 50 deliveries to an endpoint, each with its log of attempts (status code, time, attempt)' })
  @ApiOkResponse({ type: [WebhookDeliveryResponse] })
  deliveries(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<WebhookDeliveryResponse[]> {
    return this.webhooks.deliveries(actor, id);
  }

  @Post('deliveries/:id/redeliver')
  @RequirePermission(Permission.WebhookManage)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Send a delivery again (same webhook-id)' })
  @ApiNoContentResponse({ description: 'Queued' })
  redeliver(@CurrentActor() actor: Actor, @Param() { id }: IdParam): Promise<void> {
    return this.webhooks.redeliver(actor, id);
  }
}
