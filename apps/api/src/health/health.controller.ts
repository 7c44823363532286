import { CertificateRenderer } from '@app/certificates';
import { AppConfig } from '@app/config';
import { DatabaseConnections } from '@app/database';
import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../http/access.decorators';

const CONNECTION_CHECK_TIMEOUT_MS = 3_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly connections: DatabaseConnections,
    private readonly config: AppConfig,
    private readonly modules: ModuleRef,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Readiness: each connection to the database answers (database, registrySearch; registryChanges only degrades the cache), and the certificate renderer can render when this process renders',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([...(await this.databaseConnections()), () => this.certificateRenderer()]);
    } catch (error) {
      // Not ready is an answer, not a failure: the 503 keeps the indicators' report rather than becoming an opaque 500.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }

  /**
   * One indicator per connection of the process, checked together. A required one that fails makes the
   * process not ready; an optional one stays up and says what is degraded.
   */
  private async databaseConnections(): Promise<(() => HealthIndicatorResult)[]> {
    const reports = await this.connections.report(CONNECTION_CHECK_TIMEOUT_MS);
    return reports.map(({ name, required, problem }) => () => {
      const indicator = this.indicators.check(name);
      if (problem === null) return indicator.up();
      return required ? indicator.down({ message: problem }) : indicator.up({ degraded: problem });
    });
  }

  /**
   * Certificates are rendered where the jobs run: in this process only with WORKER_IN_PROCESS, otherwise
   * in the worker, whose Chromium this process cannot see (so its readiness must not hang on it).
   */
  private async certificateRenderer(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('certificateRenderer');
    if (!this.config.workerInProcess) return indicator.up({ detail: 'Certificates are rendered by the worker process, not by this one' });
    // The renderer is internal to the certificates module; the instance the render jobs of this process use.
    const { ok, detail } = await this.modules.get(CertificateRenderer, { strict: false }).check();
    return ok ? indicator.up({ detail }) : indicator.down({ detail });
  }
}
