import { API_KEY_SCOPES, type ApiKeyScope } from '@app/identity';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDate, IsIn, IsOptional, IsString, Length } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'Caller-ID sync, production', description: 'Says what the key is for (1-80 characters)' })
  @Length(1, 80) @IsString()
  name!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, description: '`registry:read`: the bulk feeds; `webhooks:manage`: webhook endpoints' })
  @IsIn(API_KEY_SCOPES, { each: true, message: `scopes must each be one of: ${API_KEY_SCOPES.join(', ')}` })
  @ArrayUnique() @ArrayMaxSize(API_KEY_SCOPES.length) @ArrayMinSize(1, { message: 'scopes must name at least one scope' }) @IsArray()
  scopes!: ApiKeyScope[];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When the key stops working; without it the key lasts until revoked' })
  @IsDate({ message: 'expiresAt must be an ISO 8601 date and time' }) @Type(() => Date) @IsOptional()
  expiresAt?: Date;
}

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'aq_Xy12Ab', description: 'The first characters of the key, to tell keys apart' }) prefix!: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true }) scopes!: ApiKeyScope[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) expiresAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Updated at most once a minute' }) lastUsedAt!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) revokedAt!: Date | null;
}

export class CreatedApiKeyResponse {
  @ApiProperty({ example: 'aq_…', description: 'Shown this once: only its hash is stored. Send as `Authorization: Bearer <key>`' }) key!: string;
  @ApiProperty({ type: ApiKeyResponse }) apiKey!: ApiKeyResponse;
}
