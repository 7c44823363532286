import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { ApiKeyScope } from './permissions';
import { UserAccount } from './user-account.entity';

/**
 * A key a machine sends as `Authorization: Bearer aq_…`. Only the SHA-256 of the key is stored (it has
 * 256 random bits, so a fast hash is enough), and the key acts as its owner restricted to its scopes.
 * Revoking keeps the row, so what a key did stays attributable.
 */
@Entity({ name: 'api_key' })
@Unique('uq_api_key_token_hash', ['tokenHash'])
@Index('idx_api_key_user_id', ['userId'])
@Check('chk_api_key_scopes', `cardinality(scopes) > 0 AND scopes <@ ARRAY['registry:read', 'webhooks:manage']::text[]`)
@Check('chk_api_key_name', `length(btrim(name)) BETWEEN 1 AND 80`)
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  userId!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id' })
  user?: UserAccount;

  @Column('text')
  name!: string;

  /** The key's first characters, shown so its owner can tell keys apart; too short to guess the rest. */
  @Column('text')
  prefix!: string;

  @Column('text')
  tokenHash!: string;

  @Column('text', { array: true })
  scopes!: ApiKeyScope[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { nullable: true })
  expiresAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  lastUsedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  revokedAt!: Date | null;
}
