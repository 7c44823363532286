import { AppConfig } from '@app/config';
import { Clock, RateLimitedError } from '@app/core';
import { FixedWindowCounter, WindowVerdict } from '@app/registry';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthenticatedRequest } from '../http/access.decorators';

/**
 * One budget per client IP for every public endpoint: PUBLIC_RATE_LIMIT_PER_MINUTE requests in each
 * clock minute. The IP is Fastify's `request.ip`, which believes X-Forwarded-For only from TRUST_PROXY.
 * A caller that sends a valid API key is counted per key instead, with API_KEY_RATE_LIMIT_PER_MINUTE.
 * Counted in this process: behind a load balancer each instance allows the budget on its own.
 */
@Injectable()
export class PublicRateLimiter {
  private readonly counter: FixedWindowCounter;
  private readonly keyCounter: FixedWindowCounter;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.counter = new FixedWindowCounter(config.publicRateLimitPerMinute, 60_000);
    this.keyCounter = new FixedWindowCounter(config.apiKeyRateLimitPerMinute, 60_000);
  }

  /** Counts one request made with an API key; RateLimitedError past the key's budget. */
  checkKey(apiKeyId: string): void {
    const verdict = this.keyCounter.hit(apiKeyId, this.clock.now().getTime());
    if (!verdict.allowed) {
      throw new RateLimitedError(
        `Too many requests with this API key: at most ${this.keyCounter.limit} a minute; try again in ${verdict.retryAfterSeconds} s`,
        verdict.retryAfterSeconds,
      );
    }
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
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.apiKey) this.limiter.checkKey(request.apiKey.id);
    else this.limiter.check(request.ip);
    return true;
  }
}
