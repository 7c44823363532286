import { Firm } from '@app/firms';
import { Rating } from '@app/ratings';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';

/**
 * A firm's entry in the public registry: it exists once the firm has held a rating, and is never
 * removed (a revoked firm stays listed). Written only by database triggers, in the transaction that
 * issues a rating or changes the firm, so it can never disagree with them. The name and city are
 * stored as `registry_search_text()` gives them, so searches compare stored text.
 */
@Entity({ name: 'registry_entry' })
@Unique('uq_registry_entry_rating_id', ['ratingId'])
@Index('idx_registry_entry_search_name', ['searchName'])
@Index('idx_registry_entry_search_city_name', ['searchCity', 'searchName', 'firmId'])
@Index('idx_registry_entry_province_search_name', ['province', 'searchName'])
// A pg_trgm GIN index and a GIN index on the word set, which TypeORM cannot describe: the migrations create them.
@Index('idx_registry_entry_search_name_trgm', { synchronize: false })
@Index('idx_registry_entry_search_words', { synchronize: false })
export class RegistryEntry {
  @PrimaryColumn('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  /** The firm's latest rating: the current one, or the last to have ended. */
  @Column('uuid')
  ratingId!: string;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: Rating;

  @Column('text')
  searchName!: string;

  /** The name's distinct words as `registry_search_words()` folds them (set by a trigger), for misspelt searches. */
  @Column('text', { array: true })
  searchWords!: string[];

  @Column('text')
  searchCity!: string;

  /** The firm's province code (sigla). */
  @Column('text')
  province!: string;
}
