import type { LogEntry, LogReason } from './log-entry';

export type ReplayedStatus = 'active' | 'suspended' | 'revoked' | 'expired';

/** A certificate as the log's entries make it, which a monitor compares with the public registry. */
export interface ReplayedCertificate {
  readonly certificateNumber: string;
  readonly vatNumber: string;
  readonly legalName: string;
  readonly issuedAt: Date;
  readonly validUntil: Date;
  /** What was last logged; `effectiveStatus` adds what time alone decides. */
  readonly status: ReplayedStatus;
  readonly suspensionDeadline: Date | null;
  readonly reason: LogReason | null;
  readonly pdfSha256: string | null;
  readonly supersededBy: string | null;
}

export class ReplayError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(`Entry ${index}: ${message}`);
  }
}

/** The registry's expiry rule (README "Ratings"), applied to what the log says: no job needs to have run. */
export function effectiveStatus(certificate: ReplayedCertificate, now: Date): ReplayedStatus {
  const { status, validUntil, suspensionDeadline } = certificate;
  if (status === 'suspended' && suspensionDeadline !== null && suspensionDeadline <= now) return validUntil <= suspensionDeadline ? 'expired' : 'revoked';
  if ((status === 'active' || status === 'suspended') && validUntil <= now) return 'expired';
  return status;
}

const FINAL: ReadonlySet<ReplayedStatus> = new Set(['revoked', 'expired']);

/**
 * Replays the log's entries into each certificate's state and each firm's current certificate, and
 * refuses an entry the lifecycle does not allow (an event for an unknown certificate, a second issue,
 * a change after the end): a log whose history does not make sense is itself a disagreement.
 */
export class LogReplay {
  private readonly certificates = new Map<string, ReplayedCertificate>();
  /** Per VAT number, the certificate issued last. */
  private readonly currentByFirm = new Map<string, string>();

  apply(index: number, entry: LogEntry): void {
    const existing = this.certificates.get(entry.certificateNumber);
    if (entry.kind === 'rating.issued' || entry.kind === 'rating.renewed') {
      if (existing !== undefined) throw new ReplayError(index, `${entry.certificateNumber} is issued twice`);
      this.certificates.set(entry.certificateNumber, {
        certificateNumber: entry.certificateNumber,
        vatNumber: entry.vatNumber,
        legalName: entry.legalName,
        issuedAt: entry.validFrom,
        validUntil: entry.validUntil,
        status: 'active',
        suspensionDeadline: null,
        reason: null,
        pdfSha256: null,
        supersededBy: null,
      });
      this.currentByFirm.set(entry.vatNumber, entry.certificateNumber);
      return;
    }
    if (existing === undefined) throw new ReplayError(index, `${entry.kind} of ${entry.certificateNumber}, which was never issued`);
    const update = (changes: Partial<ReplayedCertificate>): void => void this.certificates.set(entry.certificateNumber, { ...existing, ...changes });
    const requireOpen = (): void => {
      if (FINAL.has(existing.status)) throw new ReplayError(index, `${entry.kind} of ${entry.certificateNumber}, already ${existing.status}`);
    };
    switch (entry.kind) {
      case 'rating.certificate_attached':
        if (existing.pdfSha256 !== null) throw new ReplayError(index, `a second certificate PDF for ${entry.certificateNumber}`);
        return update({ pdfSha256: entry.pdfSha256 });
      case 'rating.suspended':
        // A revocation under appeal may be stayed (suspended) by the appeal's panel; an expiry is final.
        if (existing.status === 'expired') throw new ReplayError(index, `${entry.kind} of ${entry.certificateNumber}, already expired`);
        return update({ status: 'suspended', reason: entry.reason, suspensionDeadline: entry.deadline });
      case 'rating.reinstated':
        // From a suspension, or from a revocation that an appeal overturned (the database allows nothing else).
        if (existing.status === 'active' || existing.status === 'expired') throw new ReplayError(index, `reinstatement of ${entry.certificateNumber}, which is ${existing.status}`);
        return update({ status: 'active', reason: null, suspensionDeadline: null });
      case 'rating.revoked':
        requireOpen();
        return update({ status: 'revoked', reason: entry.reason, suspensionDeadline: null });
      case 'rating.expired':
        requireOpen();
        return update({ status: 'expired', suspensionDeadline: null });
      case 'rating.superseded':
        requireOpen();
        return update({ status: 'expired', supersededBy: entry.supersededBy, suspensionDeadline: null });
    }
  }

  certificate(certificateNumber: string): ReplayedCertificate | undefined {
    return this.certificates.get(certificateNumber);
  }

  /** Each firm (by VAT number) with its current certificate. */
  firms(): Map<string, ReplayedCertificate> {
    return new Map([...this.currentByFirm].map(([vatNumber, certificateNumber]) => [vatNumber, this.certificates.get(certificateNumber)!]));
  }
}
