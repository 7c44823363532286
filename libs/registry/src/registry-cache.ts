import { Clock } from '@app/core';
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** What makes a cached answer stale. */
export interface CacheScope {
  /** The one firm the answer is about; null when any change to the registry can change it. */
  readonly firmId: string | null;
  /** When time alone changes it (an expiry, a suspension lapsing, a date shown); null for never. */
  readonly expiresAt: Date | null;
}

export interface Loaded<T> {
  readonly value: T;
  readonly scope: CacheScope;
}

export interface Cached<T> {
  readonly value: T;
  /** A weak validator: a digest of the value, so every instance gives the same one for the same answer. */
  readonly etag: string;
}

interface Entry {
  readonly cached: Cached<unknown>;
  readonly firmId: string | null;
  readonly expiresAt: number;
}

/** Enough for every certificate, firm and recent number lookup of a large registry, at about a kilobyte each. */
export const REGISTRY_CACHE_CAPACITY = 50_000;

export function etagOf(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `W/"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;
}

/**
 * Public answers kept in this process. Correctness rests on three rules:
 * - an answer is stored only if no invalidation happened while it was loaded (the generation did not
 *   move), so a read that raced a commit never outlives the commit's notification;
 * - an answer is never served past `expiresAt`, so expiries need no job;
 * - while the change listener is not connected, nothing is cached at all (`setLive(false)`).
 * Loads of the same key share one query. Eviction is first-in first-out beyond the capacity.
 */
@Injectable()
export class RegistryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByFirm = new Map<string, Set<string>>();
  private readonly registryWideKeys = new Set<string>();
  private readonly loading = new Map<string, Promise<Cached<unknown>>>();
  private generation = 0;
  private live = false;

  constructor(
    private readonly clock: Clock,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get isLive(): boolean {
    return this.live;
  }

  /** Turned on by the change listener once it listens, off when its connection is lost; both empty the cache. */
  setLive(live: boolean): void {
    this.live = live;
    this.clear();
  }

  async getOrLoad<T>(key: string, load: () => Promise<Loaded<T>>): Promise<Cached<T>> {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      if (entry.expiresAt > this.clock.now().getTime()) return entry.cached as Cached<T>;
      this.remove(key);
    }
    if (!this.live) {
      const { value } = await load();
      return { value, etag: etagOf(value) };
    }
    const pending = this.loading.get(key);
    if (pending !== undefined) return pending as Promise<Cached<T>>;

    const generation = this.generation;
    const loaded = load().then(({ value, scope }) => {
      const cached: Cached<T> = { value, etag: etagOf(value) };
      if (this.live && this.generation === generation) this.store(key, cached, scope);
      return cached;
    });
    this.loading.set(key, loaded);
    try {
      return await loaded;
    } finally {
      if (this.loading.get(key) === loaded) this.loading.delete(key);
    }
  }

  /** Something the registry publishes about this firm changed: its answers, and every registry-wide one, go. */
  firmChanged(firmId: string): void {
    this.generation += 1;
    this.loading.clear();
    for (const key of this.keysByFirm.get(firmId) ?? []) this.remove(key);
    for (const key of [...this.registryWideKeys]) this.remove(key);
  }

  clear(): void {
    this.generation += 1;
    this.loading.clear();
    this.entries.clear();
    this.keysByFirm.clear();
    this.registryWideKeys.clear();
  }

  private store(key: string, cached: Cached<unknown>, scope: CacheScope): void {
    this.remove(key);
    if (this.entries.size >= REGISTRY_CACHE_CAPACITY) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.remove(oldest.value);
    }
    this.entries.set(key, { cached, firmId: scope.firmId, expiresAt: scope.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY });
    if (scope.firmId === null) {
      this.registryWideKeys.add(key);
      return;
    }
    const keys = this.keysByFirm.get(scope.firmId);
    if (keys) keys.add(key);
    else this.keysByFirm.set(scope.firmId, new Set([key]));
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    if (entry.firmId === null) {
      this.registryWideKeys.delete(key);
      return;
    }
    const keys = this.keysByFirm.get(entry.firmId);
    keys?.delete(key);
    if (keys?.size === 0) this.keysByFirm.delete(entry.firmId);
  }
}
