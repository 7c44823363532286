import { formatItalianDate, ITALIAN_TIME_ZONE } from '@app/core';
import { CERTIFICATE_NUMBER_PATTERN } from '@app/ratings';

/** What a certificate says. Plain data: the template never sees an entity. */
export interface CertificateViewModel {
  readonly certificateNumber: string;
  readonly firmLegalName: string;
  readonly vatNumber: string;
  readonly registeredOffice: string;
  readonly issuedAt: Date;
  /** Only for a renewal decided in time, whose period starts after the issue (the day after the old one's last day). */
  readonly validFrom?: Date;
  readonly validUntil: Date;
  readonly checklistVersion: string;
  readonly verificationUrl: string;
}

/**
 * Longest texts that still fit the one-page layout (an integration test renders them). They cover
 * what firms may register: a 200-character name, an office of address (200), city (100) and province.
 */
export const CERTIFICATE_TEXT_LIMITS = {
  firmLegalName: 200,
  vatNumber: 20,
  registeredOffice: 320,
  checklistVersion: 20,
  verificationUrl: 300,
} as const;

/** The public page that confirms a certificate; the QR code on the PDF points here. */
export function certificateVerificationUrl(publicBaseUrl: string, certificateNumber: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/verifica/${encodeURIComponent(certificateNumber)}`;
}

/** Every reason the view model cannot become a certificate; empty when it can. */
export function certificateViewModelProblems(viewModel: CertificateViewModel): string[] {
  const problems: string[] = [];
  if (!CERTIFICATE_NUMBER_PATTERN.test(viewModel.certificateNumber)) problems.push('certificateNumber must look like AQ-YYYY-NNNNNN');
  for (const field of Object.keys(CERTIFICATE_TEXT_LIMITS) as (keyof typeof CERTIFICATE_TEXT_LIMITS)[]) {
    const value = viewModel[field];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${field} must not be empty`);
    else if (value.length > CERTIFICATE_TEXT_LIMITS[field]) problems.push(`${field} must be at most ${CERTIFICATE_TEXT_LIMITS[field]} characters`);
  }
  const issuedValid = isValidDate(viewModel.issuedAt);
  const validUntilValid = isValidDate(viewModel.validUntil);
  if (!issuedValid) problems.push('issuedAt must be a valid date');
  if (!validUntilValid) problems.push('validUntil must be a valid date');
  if (issuedValid && validUntilValid && viewModel.validUntil.getTime() <= viewModel.issuedAt.getTime()) {
    problems.push('validUntil must be after issuedAt');
  }
  if (viewModel.validFrom !== undefined && (!isValidDate(viewModel.validFrom) || (validUntilValid && viewModel.validUntil.getTime() <= viewModel.validFrom.getTime()))) {
    problems.push('validFrom must be a valid date before validUntil');
  }
  if (!isHttpUrl(viewModel.verificationUrl)) problems.push('verificationUrl must be an http(s) URL');
  else if (!viewModel.verificationUrl.endsWith(`/verifica/${viewModel.certificateNumber}`)) {
    problems.push('verificationUrl must end with /verifica/<certificateNumber>');
  }
  return problems;
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const italianLongDateFormat = new Intl.DateTimeFormat('it-IT', {
  timeZone: ITALIAN_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** A date as written in Italian prose: "24 novembre 2026" (Rome calendar). */
export function formatItalianLongDate(instant: Date): string {
  return italianLongDateFormat.format(instant);
}

/** Both forms the certificate prints for a date. */
export interface CertificateDate {
  readonly numeric: string;
  readonly long: string;
}

export function certificateDate(instant: Date): CertificateDate {
  return { numeric: formatItalianDate(instant), long: formatItalianLongDate(instant) };
}

export type FirmNameSize = 'xl' | 'lg' | 'md' | 'sm';

/** How the template fits the texts on one page: long texts get smaller type and tighter spacing. */
export interface CertificateLayout {
  readonly firmNameSize: FirmNameSize;
  readonly compact: boolean;
  /** A registered office too long for one line gets a smaller type. */
  readonly longOffice: boolean;
}

export function certificateLayout(viewModel: Pick<CertificateViewModel, 'firmLegalName' | 'registeredOffice' | 'checklistVersion'>): CertificateLayout {
  const nameLength = viewModel.firmLegalName.length;
  const firmNameSize: FirmNameSize = nameLength <= 40 ? 'xl' : nameLength <= 80 ? 'lg' : nameLength <= 140 ? 'md' : 'sm';
  const longOffice = viewModel.registeredOffice.length > 110;
  const compact = nameLength > 120 || viewModel.registeredOffice.length > 70 || viewModel.checklistVersion.length > 12;
  return { firmNameSize, compact, longOffice };
}
