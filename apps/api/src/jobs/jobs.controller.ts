import { Permission } from '@app/identity';
import { JobQueue } from '@app/jobs';
import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { RequirePermission } from '../http/access.decorators';

class FailedJobResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'certificates.render' }) queue!: string;
  @ApiProperty({ type: Object }) data!: unknown;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: Object, nullable: true }) lastError!: unknown;
  @ApiProperty({ nullable: true, type: Date }) failedAt!: Date | null;
}

/** A dead-lettered job: the route's parameters, and the fields of the admin page's retry form. */
export class JobParams {
  @ApiProperty({ example: 'certificates.render' })
  @Matches(/^[a-z][a-z0-9._-]{0,99}$/, { message: 'queue must be a queue name' })
  queue!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobQueue) {}

  @Get('failed')
  @RequirePermission(Permission.JobManage)
  @ApiOperation({ summary: 'Jobs that failed every attempt (dead-lettered)' })
  @ApiOkResponse({ type: [FailedJobResponse] })
  failed(): Promise<FailedJobResponse[]> {
    return this.jobs.failedJobs();
  }

  @Post(':queue/:id/retry')
  @RequirePermission(Permission.JobManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Put a failed job back in its queue' })
  @ApiNoContentResponse()
  retry(@Param() { queue, id }: JobParams): Promise<void> {
    return this.jobs.retry(queue, id);
  }
}
