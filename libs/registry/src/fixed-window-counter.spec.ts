import { FixedWindowCounter } from './fixed-window-counter';

describe('a fixed-window counter', () => {
  it('allows the limit per key and window, then says how long to wait', () => {
    const counter = new FixedWindowCounter(3, 60_000);
    const start = 1_800_000_000_000;
    expect([1, 2, 3].map(() => counter.hit('10.0.0.1', start + 10_000).allowed)).toEqual([true, true, true]);
    expect(counter.hit('10.0.0.1', start + 10_000)).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(counter.hit('10.0.0.2', start + 10_000).allowed).toBe(true);
    expect(counter.hit('10.0.0.1', start + 60_000).allowed).toBe(true);
  });

  it('never asks to wait less than a second', () => {
    const counter = new FixedWindowCounter(1, 60_000);
    const start = 1_800_000_000_000;
    counter.hit('ip', start + 59_999);
    expect(counter.hit('ip', start + 59_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
