import { Permission } from '@app/identity';
import { MAIL_STATUSES, type MailStatus, SentMail } from '@app/notifications';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { RequirePermission } from '../http/access.decorators';

export class MailListQuery {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional() @Type(() => Number) @IsInt({ message: 'page must be a whole number' }) @Min(1, { message: 'page must be at least 1' }) @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ enum: MAIL_STATUSES, description: 'held: no SMTP server configured; failed: every attempt failed (dead letter)' })
  @IsOptional() @IsIn(MAIL_STATUSES, { message: `status must be one of ${MAIL_STATUSES.join(', ')}` })
  status?: MailStatus;
}

class MailIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

class MailSummaryResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'password_changed' }) kind!: string;
  @ApiProperty({ example: 'mario.rossi@example.it' }) recipient!: string;
  @ApiProperty({ enum: ['it', 'en'] }) language!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: MAIL_STATUSES }) status!: MailStatus;
  @ApiProperty({ description: 'SMTP attempts made' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt!: Date | null;
}

class MailPageResponse {
  @ApiProperty({ type: [MailSummaryResponse] }) items!: MailSummaryResponse[];
  @ApiProperty() page!: number;
  @ApiProperty() hasMore!: boolean;
}

class MailDetailResponse extends MailSummaryResponse {
  @ApiProperty({ description: 'The plain-text part' }) text!: string;
  @ApiProperty({ description: 'The HTML part' }) html!: string;
  @ApiProperty({ type: Object, example: { 'List-Unsubscribe': '<https://aq.example/...>' } }) headers!: Record<string, string>;
}

const PAGE_SIZE = 50;

/** The e-mail outbox with each message's delivery state ("Posta inviata"), for admins. */
@ApiTags('mail')
@ApiBearerAuth()
@Controller('api/v1/mail/messages')
export class MailController {
  constructor(private readonly sent: SentMail) {}

  @Get()
  @RequirePermission(Permission.JobManage)
  @ApiOperation({ summary: 'Messages of the outbox, newest first (50 a page)' })
  @ApiOkResponse({ type: MailPageResponse })
  async list(@Query() query: MailListQuery): Promise<MailPageResponse> {
    const page = query.page ?? 1;
    return { ...(await this.sent.list(page, PAGE_SIZE, query.status)), page };
  }

  @Get(':id')
  @RequirePermission(Permission.JobManage)
  @ApiOperation({ summary: 'One message, with both parts and its headers' })
  @ApiOkResponse({ type: MailDetailResponse })
  get(@Param() { id }: MailIdParam): Promise<MailDetailResponse> {
    return this.sent.get(id);
  }
}
