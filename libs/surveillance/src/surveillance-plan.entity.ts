import { ChecklistVersion } from '@app/checklist';
import { Firm } from '@app/firms';
import { UserAccount } from '@app/identity';
import { Rating } from '@app/ratings';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { RiskFactors, RiskPoints, RiskWeights } from './surveillance-rules';

/**
 * A year's surveillance plan: every active rating is due its yearly check, and a weighted random sample
 * of SURVEILLANCE_SAMPLE_PERCENT gets an unannounced one. The seed and the weights are kept so the draw
 * can be recomputed; the database refuses any change once made (trigger) and a second plan for a year.
 */
@Entity({ name: 'surveillance_plan' })
@Unique('uq_surveillance_plan_year', ['year'])
@Check('chk_surveillance_plan_year', `year BETWEEN 2000 AND 2999`)
@Check('chk_surveillance_plan_seed', `seed ~ '^[0-9a-f]{32}$'`)
@Check('chk_surveillance_plan_sample_percent', `sample_percent BETWEEN 0 AND 100`)
@Check('chk_surveillance_plan_items', `cardinality(item_codes) >= 1`)
@Check('chk_surveillance_plan_sample', `population >= 0 AND sample_size BETWEEN 0 AND population AND (threshold IS NULL) = (sample_size = 0)`)
export class SurveillancePlan {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('integer')
  year!: number;

  /** 128 random bits in hex: with the entries' rating ids and weights, the whole draw. */
  @Column('text')
  seed!: string;

  @Column('integer')
  samplePercent!: number;

  @Column('jsonb')
  weights!: RiskWeights;

  @Column('uuid')
  checklistVersionId!: string;

  @ManyToOne(() => ChecklistVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checklist_version_id' })
  checklistVersion?: ChecklistVersion;

  /** The checklist items a surveillance check of this plan covers. */
  @Column('text', { array: true })
  itemCodes!: string[];

  /** Active ratings when the plan was made: every one is in the plan. */
  @Column('integer')
  population!: number;

  @Column('integer')
  sampleSize!: number;

  /** The key of the last rating drawn; null when nobody is. */
  @Column('double precision', { nullable: true })
  threshold!: number | null;

  @Column('uuid')
  createdById!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: UserAccount;

  @Column('timestamptz')
  createdAt!: Date;
}

/** One rating in a plan: its risk factors as they were, its weight and where the seeded draw put it. */
@Entity({ name: 'surveillance_plan_entry' })
@Unique('uq_surveillance_plan_entry_plan_id_rating_id', ['planId', 'ratingId'])
@Unique('uq_surveillance_plan_entry_plan_id_rank', ['planId', 'rank'])
@Index('idx_surveillance_plan_entry_firm_id', ['firmId'])
@Index('idx_surveillance_plan_entry_rating_id', ['ratingId'])
@Check('chk_surveillance_plan_entry_weight', `weight >= 1`)
@Check('chk_surveillance_plan_entry_random_unit', `random_unit > 0 AND random_unit < 1`)
@Check('chk_surveillance_plan_entry_rank', `rank >= 1`)
export class SurveillancePlanEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  planId!: string;

  @ManyToOne(() => SurveillancePlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: SurveillancePlan;

  @Column('uuid')
  ratingId!: string;

  @ManyToOne(() => Rating, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rating_id' })
  rating?: Rating;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  @Column('jsonb')
  factors!: RiskFactors;

  @Column('jsonb')
  points!: RiskPoints;

  @Column('integer')
  weight!: number;

  @Column('double precision')
  randomUnit!: number;

  @Column('double precision')
  drawKey!: number;

  @Column('integer')
  rank!: number;

  @Column('boolean')
  drawn!: boolean;
}
