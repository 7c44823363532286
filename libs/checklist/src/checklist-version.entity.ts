import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A published checklist version. Versions are never changed or deleted (a trigger refuses it):
 * audits keep the version they started with. Exactly one version is current at a time.
 */
@Entity({ name: 'checklist_version' })
@Unique('uq_checklist_version_version', ['version'])
@Index('uq_checklist_version_current', ['isCurrent'], { unique: true, where: 'is_current' })
@Check('chk_checklist_version_version', `version ~ '^[0-9]{4}\\.[1-9][0-9]{0,3}$'`)
export class ChecklistVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Human label, e.g. 2026.1. */
  @Column('text')
  version!: string;

  @Column('timestamptz')
  publishedAt!: Date;

  @Column('boolean')
  isCurrent!: boolean;
}
