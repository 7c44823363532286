import { Evidence } from '@app/applications';
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { InformationRequest } from './information-request.entity';

/** Evidence the firm uploaded in answer to an information request. */
@Entity({ name: 'audit_information_evidence' })
export class InformationRequestEvidence {
  @PrimaryColumn('uuid')
  informationRequestId!: string;

  @ManyToOne(() => InformationRequest, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'information_request_id' })
  informationRequest?: InformationRequest;

  @PrimaryColumn('uuid')
  evidenceId!: string;

  @ManyToOne(() => Evidence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_id' })
  evidence?: Evidence;
}
