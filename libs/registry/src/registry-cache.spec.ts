import { AdjustableClock } from '@app/core';
import { etagOf, Loaded, RegistryCache } from './registry-cache';

const FIRM_A = '0b3f3c1e-0000-4000-8000-00000000000a';
const FIRM_B = '0b3f3c1e-0000-4000-8000-00000000000b';

function counting<T>(value: T, scope: Loaded<T>['scope']) {
  const load = jest.fn((): Promise<Loaded<T>> => Promise.resolve({ value, scope }));
  return load;
}

describe('the registry cache', () => {
  let clock: AdjustableClock;
  let cache: RegistryCache;

  beforeEach(() => {
    clock = new AdjustableClock(new Date('2026-06-01T10:00:00Z'));
    cache = new RegistryCache(clock);
    cache.setLive(true);
  });

  it('loads once and serves the answer with a digest of it as validator', async () => {
    const load = counting({ status: 'active' }, { firmId: FIRM_A, expiresAt: null });
    const first = await cache.getOrLoad('firm:1', load);
    const second = await cache.getOrLoad('firm:1', load);
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(first.etag).toBe(etagOf({ status: 'active' }));
    expect(first.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
  });

  it('shares one load among concurrent readers of the same key', async () => {
    const load = counting('x', { firmId: FIRM_A, expiresAt: null });
    await Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("forgets a firm's answers and every registry-wide one when the firm changes, and nothing else", async () => {
    const firmA = counting('a', { firmId: FIRM_A, expiresAt: null });
    const firmB = counting('b', { firmId: FIRM_B, expiresAt: null });
    const wide = counting('feed', { firmId: null, expiresAt: null });
    for (const [key, load] of [['a', firmA], ['b', firmB], ['feed', wide]] as const) await cache.getOrLoad(key, load);
    cache.firmChanged(FIRM_A);
    for (const [key, load] of [['a', firmA], ['b', firmB], ['feed', wide]] as const) await cache.getOrLoad(key, load);
    expect([firmA.mock.calls.length, firmB.mock.calls.length, wide.mock.calls.length]).toEqual([2, 1, 2]);
  });

  it('never serves an answer past the instant time changes it', async () => {
    const load = counting('active', { firmId: FIRM_A, expiresAt: new Date('2026-06-01T12:00:00Z') });
    await cache.getOrLoad('k', load);
    clock.set(new Date('2026-06-01T11:59:59.999Z'));
    await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    clock.set(new Date('2026-06-01T12:00:00Z'));
    await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep an answer loaded while a change was notified: it may predate the change', async () => {
    let release!: () => void;
    const slow = jest.fn(async (): Promise<Loaded<string>> => {
      await new Promise<void>((resolve) => (release = resolve));
      return { value: 'before the revocation', scope: { firmId: FIRM_A, expiresAt: null } };
    });
    const reading = cache.getOrLoad('k', slow);
    await Promise.resolve();
    cache.firmChanged(FIRM_A);
    release();
    expect((await reading).value).toBe('before the revocation');
    const fresh = counting('after the revocation', { firmId: FIRM_A, expiresAt: null });
    expect((await cache.getOrLoad('k', fresh)).value).toBe('after the revocation');
  });

  it('does not let a reader who arrives after a change join a load that started before it', async () => {
    let release!: () => void;
    const slow = jest.fn(async (): Promise<Loaded<string>> => {
      await new Promise<void>((resolve) => (release = resolve));
      return { value: 'old', scope: { firmId: FIRM_A, expiresAt: null } };
    });
    const early = cache.getOrLoad('k', slow);
    await Promise.resolve();
    cache.firmChanged(FIRM_A);
    const late = cache.getOrLoad('k', counting('new', { firmId: FIRM_A, expiresAt: null }));
    release();
    expect([(await early).value, (await late).value]).toEqual(['old', 'new']);
  });

  it('caches nothing while not live (no change notifications), and starts empty when live again', async () => {
    const load = counting('v', { firmId: FIRM_A, expiresAt: null });
    await cache.getOrLoad('k', load);
    cache.setLive(false);
    await cache.getOrLoad('k', load);
    await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(3);
    expect(cache.size).toBe(0);
    cache.setLive(true);
    await cache.getOrLoad('k', load);
    await cache.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('does not keep a failed load', async () => {
    const failing = jest.fn((): Promise<Loaded<string>> => Promise.reject(new Error('database down')));
    await expect(cache.getOrLoad('k', failing)).rejects.toThrow('database down');
    const load = counting('v', { firmId: FIRM_A, expiresAt: null });
    expect((await cache.getOrLoad('k', load)).value).toBe('v');
  });
});
