import { UserAccount } from '@app/identity';
import { StoredBlob } from '@app/storage';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Application } from './application.entity';
import type { EvidenceContentType } from './evidence-file';

/**
 * One version of a document the firm attached to a checklist item. Rows never change (a trigger
 * refuses it): a new version points at the one it supersedes, and every version stays listed.
 * The bytes are stored once per SHA-256 in stored_blob.
 */
@Entity({ name: 'evidence' })
@Index('idx_evidence_application_id_item_code', ['applicationId', 'itemCode'])
@Unique('uq_evidence_supersedes_id', ['supersedesId'])
@Check('chk_evidence_item_code', `item_code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'`)
@Check('chk_evidence_content_type', `content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'text/csv', 'text/plain')`)
@Check('chk_evidence_size', `size > 0`)
@Check('chk_evidence_expires_on', `expires_on IS NULL OR expires_on >= effective_date`)
export class Evidence {
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
  blobSha256!: string;

  @ManyToOne(() => StoredBlob, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'blob_sha256' })
  blob?: StoredBlob;

  /** Sanitised for display and download; never used as a path. */
  @Column('text')
  fileName!: string;

  /** Detected from the bytes. */
  @Column('text')
  contentType!: EvidenceContentType;

  @Column('integer')
  size!: number;

  @Column('text', { nullable: true })
  description!: string | null;

  /** The date the document bears (YYYY-MM-DD), which may be long before the upload. */
  @Column('date')
  effectiveDate!: string;

  /** When the document stops being valid, e.g. a training certificate's expiry (YYYY-MM-DD). */
  @Column('date', { nullable: true })
  expiresOn!: string | null;

  @Column('uuid', { nullable: true })
  supersedesId!: string | null;

  @ManyToOne(() => Evidence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'supersedes_id' })
  supersedes?: Evidence;

  /** Set when a renewal carried this document over, still valid, from the application it renews. */
  @Column('uuid', { nullable: true })
  carriedFromId!: string | null;

  @ManyToOne(() => Evidence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'carried_from_id' })
  carriedFrom?: Evidence;

  @Column('uuid')
  uploadedBy!: string;

  @ManyToOne(() => UserAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by' })
  uploader?: UserAccount;

  @Column('timestamptz')
  uploadedAt!: Date;
}
