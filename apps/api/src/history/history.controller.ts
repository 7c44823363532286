import { HistoryService } from '@app/history';
import { Permission } from '@app/identity';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { RequirePermission } from '../http/access.decorators';

class ChainVerificationResponse {
  @ApiProperty() valid!: boolean;
  @ApiProperty() checkedEvents!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The first event whose link does not hold' }) firstBrokenSeq!: number | null;
  @ApiProperty({ nullable: true, type: String }) problem!: string | null;
}

class HistoryEventResponse {
  @ApiProperty() seq!: string;
  @ApiProperty() occurredAt!: Date;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty() actorLabel!: string;
  @ApiProperty() action!: string;
  @ApiProperty() entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ nullable: true, type: Object }) before!: unknown;
  @ApiProperty({ nullable: true, type: Object }) after!: unknown;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty() hash!: string;
}

class EntityHistoryQuery {
  @ApiProperty({ example: 'user' }) @IsString() @Length(1, 60) entityType!: string;
  @ApiProperty() @IsString() @Length(1, 100) entityId!: string;
}

@ApiTags('history')
@ApiBearerAuth()
@Controller('api/v1/history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  @Get('verify')
  @RequirePermission(Permission.HistoryRead)
  @ApiOperation({ summary: 'Recompute the whole hash chain and name the first broken link' })
  @ApiOkResponse({ type: ChainVerificationResponse })
  verify(): Promise<ChainVerificationResponse> {
    return this.history.verifyChain();
  }

  @Get()
  @RequirePermission(Permission.HistoryRead)
  @ApiOperation({ summary: 'Every recorded change of one entity, oldest first' })
  @ApiOkResponse({ type: [HistoryEventResponse] })
  forEntity(@Query() query: EntityHistoryQuery): Promise<HistoryEventResponse[]> {
    return this.history.forEntity(query.entityType, query.entityId);
  }
}
