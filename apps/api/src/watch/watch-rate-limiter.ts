import { AppConfig } from '@app/config';
import { Clock, RateLimitedError } from '@app/core';
import { FixedWindowCounter } from '@app/registry';
import { Injectable } from '@nestjs/common';

const HOUR_MS = 60 * 60_000;

/**
 * Watch subscriptions asked per e-mail address and per client IP in each clock hour
 * (WATCH_SUBSCRIBE_PER_ADDRESS_PER_HOUR, WATCH_SUBSCRIBE_PER_IP_PER_HOUR), so nobody floods an inbox
 * with confirmation messages. Every request counts, whatever becomes of it, so a refusal says nothing
 * about whether the address follows anything. Counted in this process, like the public budget.
 */
@Injectable()
export class WatchRateLimiter {
  private readonly perAddress: FixedWindowCounter;
  private readonly perIp: FixedWindowCounter;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.perAddress = new FixedWindowCounter(config.watchRateLimits.perAddressPerHour, HOUR_MS);
    this.perIp = new FixedWindowCounter(config.watchRateLimits.perIpPerHour, HOUR_MS);
  }

  /** Counts one subscription request; RateLimitedError (429 with Retry-After) past either budget. */
  check(ip: string, email: string): void {
    const now = this.clock.now().getTime();
    const byIp = this.perIp.hit(ip, now);
    if (!byIp.allowed) throw new RateLimitedError(`Too many subscriptions from your address: at most ${this.perIp.limit} an hour; try again in ${byIp.retryAfterSeconds} s`, byIp.retryAfterSeconds);
    const byAddress = this.perAddress.hit(email.trim().toLowerCase(), now);
    if (!byAddress.allowed) {
      throw new RateLimitedError(`Too many subscriptions for this e-mail address: at most ${this.perAddress.limit} an hour; try again in ${byAddress.retryAfterSeconds} s`, byAddress.retryAfterSeconds);
    }
  }
}
