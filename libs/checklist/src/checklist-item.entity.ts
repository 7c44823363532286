import type { ChecklistAssessment, ChecklistSection } from './checklist.definition';
import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ChecklistVersion } from './checklist-version.entity';

/** One question of a checklist version; immutable like its version. */
@Entity({ name: 'checklist_item' })
@Unique('uq_checklist_item_version_id_code', ['versionId', 'code'])
@Unique('uq_checklist_item_version_id_position', ['versionId', 'position'])
@Check('chk_checklist_item_section', `section IN ('code_adoption', 'training', 'sanctions', 'consumer_protection')`)
@Check('chk_checklist_item_assessment', `assessment IN ('declared', 'computed')`)
@Check('chk_checklist_item_code', `code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'`)
@Check('chk_checklist_item_position', `position > 0`)
@Check('chk_checklist_item_blocking_required', `required OR NOT blocking`)
@Check('chk_checklist_item_computed', `assessment = 'declared' OR (section = 'sanctions' AND NOT evidence_required)`)
export class ChecklistItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  versionId!: string;

  @ManyToOne(() => ChecklistVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id' })
  version?: ChecklistVersion;

  @Column('text')
  code!: string;

  @Column('text')
  section!: ChecklistSection;

  @Column('integer')
  position!: number;

  @Column('text')
  textIt!: string;

  @Column('text')
  textEn!: string;

  @Column('text')
  guidanceIt!: string;

  @Column('text')
  guidanceEn!: string;

  @Column('boolean')
  required!: boolean;

  @Column('boolean')
  evidenceRequired!: boolean;

  @Column('boolean')
  blocking!: boolean;

  @Column('text')
  assessment!: ChecklistAssessment;
}
