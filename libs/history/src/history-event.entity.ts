import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One state change, forever. Rows are chained by hash and written by a database trigger that
 * assigns `seq`, `prev_hash` and `hash` under a lock; other triggers refuse UPDATE, DELETE and TRUNCATE.
 */
@Entity({ name: 'history' })
@Index('idx_history_entity', ['entityType', 'entityId', 'seq'])
export class HistoryEvent {
  @PrimaryColumn('bigint')
  seq!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text')
  actorLabel!: string;

  @Column('text')
  action!: string;

  @Column('text')
  entityType!: string;

  @Column('text')
  entityId!: string;

  @Column('jsonb', { nullable: true })
  before!: unknown;

  @Column('jsonb', { nullable: true })
  after!: unknown;

  @Column('text', { nullable: true })
  requestId!: string | null;

  @Column('text')
  prevHash!: string;

  @Column('text')
  hash!: string;
}
