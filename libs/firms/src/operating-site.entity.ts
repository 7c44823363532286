import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Firm } from './firm.entity';

/** A place where the firm's operators work. Closing a site keeps it, with the date, for the record. */
@Entity({ name: 'operating_site' })
@Index('idx_operating_site_firm_id', ['firmId'])
@Check('chk_operating_site_country', `country ~ '^[A-Z]{2}$'`)
@Check('chk_operating_site_closed_after_declared', `closed_at IS NULL OR closed_at >= declared_at`)
export class OperatingSite {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  firmId!: string;

  @ManyToOne(() => Firm, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: Firm;

  @Column('text')
  name!: string;

  @Column('text')
  address!: string;

  @Column('text')
  city!: string;

  /** ISO 3166-1 alpha-2. */
  @Column('text')
  country!: string;

  @Column('timestamptz')
  declaredAt!: Date;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;
}
