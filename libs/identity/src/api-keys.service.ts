import { Actor, Clock, ConflictError, NotFoundError, Role } from '@app/core';
import type { TransactionAdapter } from '@app/database';
import { HistoryService } from '@app/history';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiKey } from './api-key.entity';
import { hashToken } from './auth.service';
import { ApiKeyExpiryError } from './identity.errors';
import { API_KEY_SCOPES, type ApiKeyScope } from './permissions';

/** Every API key starts so: the access guard tells keys from session tokens by it, and secret scanners find leaked keys. */
export const API_KEY_PREFIX = 'aq_';
/** Enough keys for every machine of an integrator; a bound keeps a stolen session from minting keys without end. */
export const MAX_ACTIVE_API_KEYS = 20;
/** The last-used time is written at most this often per key, so a busy key costs no write per request. */
const LAST_USED_PRECISION_MS = 60_000;
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export interface NewApiKey {
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly expiresAt: Date | null;
}

export interface ApiKeyView {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: ApiKeyScope[];
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** A new key: `key` is shown this once and never stored. */
export interface CreatedApiKey {
  readonly key: string;
  readonly apiKey: ApiKeyView;
}

/** The owner behind a valid key, read fresh from the database, with what the key may do. */
export interface AuthenticatedApiKey {
  readonly apiKeyId: string;
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly scopes: readonly ApiKeyScope[];
}

export class TooManyApiKeysError extends ConflictError {
  constructor() {
    super('too_many_api_keys', `An account holds at most ${MAX_ACTIVE_API_KEYS} active API keys: revoke one first`);
  }
}

const toView = (key: ApiKey): ApiKeyView => ({
  id: key.id,
  name: key.name,
  prefix: key.prefix,
  scopes: key.scopes,
  createdAt: key.createdAt,
  expiresAt: key.expiresAt,
  lastUsedAt: key.lastUsedAt,
  revokedAt: key.revokedAt,
});

const canonicalScopes = (scopes: readonly ApiKeyScope[]): ApiKeyScope[] => API_KEY_SCOPES.filter((scope) => scopes.includes(scope));

/** API keys of admins, firm users and integrators: each user manages only their own. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly history: HistoryService,
    private readonly clock: Clock,
  ) {}

  private get keys() {
    return this.txHost.tx.getRepository(ApiKey);
  }

  @Transactional()
  async create(actor: Actor, input: NewApiKey): Promise<CreatedApiKey> {
    const now = this.clock.now();
    if (input.expiresAt !== null && input.expiresAt.getTime() <= now.getTime()) throw new ApiKeyExpiryError();
    // One creation at a time per user, so the bound holds under concurrent requests.
    await this.txHost.tx.query(`SELECT 1 FROM user_account WHERE id = $1 FOR UPDATE`, [actor.userId]);
    const active = await this.keys
      .createQueryBuilder('key')
      .where('key.user_id = :userId AND key.revoked_at IS NULL AND (key.expires_at IS NULL OR key.expires_at > :now)', { userId: actor.userId, now })
      .getCount();
    if (active >= MAX_ACTIVE_API_KEYS) throw new TooManyApiKeysError();
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const saved = await this.keys.save(
      this.keys.create({
        userId: actor.userId,
        name: input.name.trim(),
        prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        tokenHash: hashToken(key),
        scopes: canonicalScopes(input.scopes),
        expiresAt: input.expiresAt,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    const view = toView(saved);
    await this.history.record(actor, { action: 'api_key.created', entityType: 'user', entityId: actor.userId, after: { apiKeyId: view.id, name: view.name, scopes: view.scopes, expiresAt: view.expiresAt } });
    return { key, apiKey: view };
  }

  /** The actor's keys, newest first, revoked and expired ones included. */
  async list(actor: Actor): Promise<ApiKeyView[]> {
    const keys = await this.keys.find({ where: { userId: actor.userId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return keys.map(toView);
  }

  /** One of the actor's keys; another user's key is reported as not found. */
  async get(actor: Actor, id: string): Promise<ApiKeyView> {
    const key = await this.keys.findOneBy({ id, userId: actor.userId });
    if (!key) throw new NotFoundError('API key');
    return toView(key);
  }

  /** Revokes one of the actor's keys at once; revoking twice is refused as not found. */
  @Transactional()
  async revoke(actor: Actor, id: string): Promise<ApiKeyView> {
    const result = await this.keys
      .createQueryBuilder()
      .update(ApiKey)
      .set({ revokedAt: this.clock.now() })
      .where('id = :id AND user_id = :userId AND revoked_at IS NULL', { id, userId: actor.userId })
      .returning('*')
      .execute();
    if (result.affected !== 1) throw new NotFoundError('API key');
    const key = await this.keys.findOneByOrFail({ id });
    await this.history.record(actor, { action: 'api_key.revoked', entityType: 'user', entityId: actor.userId, after: { apiKeyId: id, name: key.name } });
    return toView(key);
  }

  /**
   * The owner of a key and its scopes, or null when the key is unknown, revoked, expired, or its owner
   * disabled. Notes the use (at most once a minute per key).
   */
  async authenticate(key: string): Promise<AuthenticatedApiKey | null> {
    const now = this.clock.now();
    const rows = await this.txHost.tx.query<{ id: string; user_id: string; email: string; role: Role; scopes: ApiKeyScope[]; last_used_at: Date | null }[]>(
      `SELECT k.id, k.user_id, u.email, u.role, k.scopes, k.last_used_at
       FROM api_key k JOIN user_account u ON u.id = k.user_id
       WHERE k.token_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > $2) AND u.disabled_at IS NULL`,
      [hashToken(key), now],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() >= LAST_USED_PRECISION_MS) {
      await this.txHost.tx.query(`UPDATE api_key SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2)`, [row.id, now]);
    }
    return { apiKeyId: row.id, userId: row.user_id, email: row.email, role: row.role, scopes: row.scopes };
  }
}
