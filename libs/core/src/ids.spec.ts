import { timeOrderedUuid } from './ids';

describe('timeOrderedUuid', () => {
  it('is a version 7 UUID of the RFC 9562 variant that starts with the time', () => {
    const epochMs = Date.UTC(2026, 10, 24, 8, 0, 0);
    const id = timeOrderedUuid(epochMs);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.replace(/-/g, '').slice(0, 12)).toBe(epochMs.toString(16).padStart(12, '0'));
  });

  it('sorts later ids after earlier ones and never repeats', () => {
    const earlier = Array.from({ length: 1000 }, () => timeOrderedUuid(1_000));
    const later = timeOrderedUuid(1_001);
    expect(new Set(earlier).size).toBe(1000);
    for (const id of earlier) expect(id < later).toBe(true);
  });
});
