import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { Compliance } from './application-lifecycle';
import { Application } from './application.entity';

/** The firm's self-assessment of one checklist item. Frozen once the application is submitted (a trigger refuses changes). */
@Entity({ name: 'application_answer' })
@Unique('uq_application_answer_application_id_item_code', ['applicationId', 'itemCode'])
@Check('chk_application_answer_compliance', `compliance IN ('compliant', 'non_compliant', 'not_applicable')`)
@Check('chk_application_answer_item_code', `item_code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'`)
export class ApplicationAnswer {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  applicationId!: string;

  @ManyToOne(() => Application, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('text')
  itemCode!: string;

  @Column('text')
  compliance!: Compliance;

  /** The firm's explanation, in its own words. */
  @Column('text')
  statement!: string;

  @Column('timestamptz')
  answeredAt!: Date;
}
