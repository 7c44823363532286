import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Bytes stored once under their SHA-256: uploading the same file twice stores it once. */
@Entity({ name: 'stored_blob' })
@Check('chk_stored_blob_sha256', `sha256 ~ '^[0-9a-f]{64}$'`)
@Check('chk_stored_blob_size', `size = octet_length(bytes)`)
export class StoredBlob {
  @PrimaryColumn('text')
  sha256!: string;

  @Column('text')
  contentType!: string;

  @Column('integer')
  size!: number;

  @Column('bytea', { select: false })
  bytes!: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
