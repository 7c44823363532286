import { Evidence } from '@app/applications';
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuditItemResult } from './audit-item-result.entity';

/** A piece of the firm's evidence the auditor relied on for an item result; a trigger keeps it to the audited application. */
@Entity({ name: 'audit_item_evidence' })
export class AuditItemEvidence {
  @PrimaryColumn('uuid')
  auditItemResultId!: string;

  @ManyToOne(() => AuditItemResult, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'audit_item_result_id' })
  auditItemResult?: AuditItemResult;

  @PrimaryColumn('uuid')
  evidenceId!: string;

  @ManyToOne(() => Evidence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_id' })
  evidence?: Evidence;
}
