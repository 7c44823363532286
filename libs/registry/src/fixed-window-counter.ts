export interface WindowVerdict {
  readonly allowed: boolean;
  /** Seconds until the window that refused the hit ends; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

const ALLOWED: WindowVerdict = { allowed: true, retryAfterSeconds: 0 };

/**
 * At most `limit` hits per key in each fixed window of `windowMs` (aligned on the clock, so every key's
 * window ends at the same instant and one map holds the current window only). A burst of twice the limit
 * across a window boundary is possible; that is the price of O(1) work and memory per hit.
 */
export class FixedWindowCounter {
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly counts = new Map<string, number>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  hit(key: string, nowMs: number): WindowVerdict {
    const windowStart = Math.floor(nowMs / this.windowMs) * this.windowMs;
    if (windowStart !== this.windowStart) {
      this.windowStart = windowStart;
      this.counts.clear();
    }
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count <= this.limit) return ALLOWED;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + this.windowMs - nowMs) / 1000)) };
  }
}
