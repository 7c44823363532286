import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Rating } from './rating.entity';

export const RATING_EVENT_KINDS = ['issued', 'renewed', 'suspended', 'reinstated', 'revoked', 'expired', 'superseded'] as const;
export type RatingEventKind = (typeof RATING_EVENT_KINDS)[number];

/** The public timeline of a firm's ratings: only what may be published, written with each transition. */
@Entity({ name: 'rating_event' })
@Index('idx_rating_event_firm_id_occurred_at', ['firmId', 'occurredAt'])
@Index('idx_rating_event_occurred_at', ['occurredAt'])
@Check('chk_rating_event_kind', `kind IN ('issued', 'renewed', 'suspended', 'reinstated', 'revoked', 'expired', 'superseded')`)
export class RatingEvent {
  /** Orders events recorded at the same instant (a renewal closes one rating and opens another). */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column('uuid')
  ratingId!: string;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: Rating;

  @Column('uuid')
  firmId!: string;

  @Column('text')
  kind!: RatingEventKind;

  @Column('timestamptz')
  occurredAt!: Date;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { nullable: true })
  publicNote!: string | null;
}
