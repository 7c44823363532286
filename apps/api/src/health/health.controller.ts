import { CertificateRenderer } from '@app/certificates';
import { AppConfig } from '@app/config';
import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../http/access.decorators';

const DATABASE_PING_TIMEOUT_MS = 3_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
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
  @ApiOperation({ summary: 'Readiness: the database answers, and the certificate renderer can render when this process renders' })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database(), () => this.certificateRenderer()]);
    } catch (error) {
      // Not ready is an answer, not a failure: the 503 keeps the indicators' report rather than becoming an opaque 500.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private async database(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('database');
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), DATABASE_PING_TIMEOUT_MS).unref()),
      ]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
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
