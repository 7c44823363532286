import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@app/webhooks';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreateWebhookEndpointDto {
  @ApiProperty({ example: 'https://hooks.example.com/azienda-qualificata', description: 'https, resolving to public addresses only; redirects are not followed' })
  @MaxLength(2000) @IsString()
  url!: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @IsIn(WEBHOOK_EVENT_TYPES, { each: true, message: `events must each be one of: ${WEBHOOK_EVENT_TYPES.join(', ')}` })
  @ArrayUnique() @ArrayMinSize(1, { message: 'events must name at least one event' }) @IsArray()
  events!: WebhookEventType[];

  @ApiPropertyOptional({ type: [String], example: ['01234567890'], description: 'Only events about these firms (VAT numbers); empty or absent: every firm' })
  @Matches(/^\d{11}$/, { each: true, message: 'vatNumbers must each be 11 digits' }) @ArrayMaxSize(1000) @ArrayUnique() @IsArray() @IsOptional()
  vatNumbers?: string[];

  @ApiPropertyOptional({ example: 'Supplier monitoring' })
  @MaxLength(200) @IsString() @IsOptional()
  description?: string;
}

export class WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() url!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true }) events!: WebhookEventType[];
  @ApiProperty({ type: [String], description: 'Empty: every firm' }) vatNumbers!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'The first failed delivery since the last success' }) failingSince!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Set when the endpoint failed for 3 days; POST …/enable turns it back on' }) disabledAt!: Date | null;
  @ApiProperty({ nullable: true, type: String, example: 'failing_for_3_days' }) disabledReason!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Until when the previous secret also signs, after a rotation' }) previousSecretExpiresAt!: Date | null;
}

export class WebhookEndpointWithSecretResponse {
  @ApiProperty({ type: WebhookEndpointResponse }) endpoint!: WebhookEndpointResponse;
  @ApiProperty({ example: 'whsec_…', description: 'The Standard Webhooks signing secret: shown at creation and at each rotation' }) secret!: string;
}

export class WebhookAttemptResponse {
  @ApiProperty() attempt!: number;
  @ApiProperty() attemptedAt!: Date;
  @ApiProperty({ nullable: true, type: Number }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() durationMs!: number;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'The `webhook-id` header: the same on every retry and redelivery' }) id!: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES }) eventType!: WebhookEventType;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: Date }) lastAttemptAt!: Date | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode!: number | null;
  @ApiProperty({ nullable: true, type: Date }) deliveredAt!: Date | null;
  @ApiProperty({ description: 'The body sent: `type`, `timestamp`, `data`' }) payload!: unknown;
  @ApiProperty({ type: [WebhookAttemptResponse] }) log!: WebhookAttemptResponse[];
}
