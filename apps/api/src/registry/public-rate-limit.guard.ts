import { AppConfig } from '@app/config';
import { Clock, RateLimitedError } from '@app/core';
import { FixedWindowCounter, WindowVerdict } from '@app/registry';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * One budget per client IP for every public endpoint: PUBLIC_RATE_LIMIT_PER_MINUTE requests in each
 * clock minute. The IP is Fastify's `request.ip`, which believes X-Forwarded-For only from TRUST_PROXY.
 * Counted in this process: behind a load balancer each instance allows the budget on its own.
 */
@Injectable()
export class PublicRateLimiter {
  private readonly counter: FixedWindowCounter;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.counter = new FixedWindowCounter(config.publicRateLimitPerMinute, 60_000);
  }

  /** Counts one request and says whether it is within the budget. */
  hit(ip: string): WindowVerdict {
    return this.counter.hit(ip, this.clock.now().getTime());
  }

  /** Counts one request; RateLimitedError (429 with Retry-After) past the budget. */
  check(ip: string): void {
    const verdict = this.hit(ip);
    if (!verdict.allowed) {
      throw new RateLimitedError(
        `Too many requests from your address: at most ${this.counter.limit} a minute on public endpoints; try again in ${verdict.retryAfterSeconds} s`,
        verdict.retryAfterSeconds,
      );
    }
  }
}

@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: PublicRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    this.limiter.check(context.switchToHttp().getRequest<FastifyRequest>().ip);
    return true;
  }
}
