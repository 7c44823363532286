import { EvidenceAlreadySupersededError, InvalidEvidenceDatesError, InvalidFileNameError, SupersededEvidenceMismatchError, UnsupportedEvidenceError } from '@app/applications';

/** Why the evidence service refused an upload, as the form field to mark, its message key and the page's status. */
export interface EvidenceRefusal {
  readonly field: 'file' | 'effectiveDate' | 'expiresOn' | 'supersedesId';
  readonly key: string;
  readonly status: number;
}

/** The refusals a visitor can fix in the form; null for any other error, which the error pages handle. */
export function evidenceRefusal(error: unknown): EvidenceRefusal | null {
  if (error instanceof UnsupportedEvidenceError) return { field: 'file', key: 'firm.ws.evidence.error.type', status: 415 };
  if (error instanceof InvalidFileNameError) return { field: 'file', key: 'firm.ws.evidence.error.fileName', status: 400 };
  if (error instanceof InvalidEvidenceDatesError) {
    const field = Object.hasOwn(error.details?.fields ?? {}, 'expiresOn') ? 'expiresOn' : 'effectiveDate';
    return { field, key: `firm.ws.evidence.error.${field}`, status: 400 };
  }
  if (error instanceof EvidenceAlreadySupersededError) return { field: 'supersedesId', key: 'firm.ws.evidence.error.supersedesId', status: 409 };
  if (error instanceof SupersededEvidenceMismatchError) return { field: 'supersedesId', key: 'firm.ws.evidence.error.supersedesId', status: 422 };
  return null;
}
