import { AppConfig } from '@app/config';
import type { TransactionAdapter } from '@app/database';
import { JobQueue } from '@app/jobs';
import { CERTIFICATE_RENDER_QUEUE, CertificateRenderJob, effectiveRatingStatus, RatingsService, RatingStatus } from '@app/ratings';
import { BlobStore, sha256Hex } from '@app/storage';
import { Clock, romeCalendarDate } from '@app/core';
import { Transactional, TransactionHost } from '@nestjs-cls/transactional';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { certificateVerificationUrl, CertificateViewModel } from './certificate-view-model';
import { CertificateService } from './certificate.service';

interface RatingForCertificate {
  readonly certificate_number: string;
  readonly certificate_sha256: string | null;
  readonly issued_at: Date;
  readonly valid_from: Date;
  readonly valid_until: Date;
  readonly checklist_version: string;
  readonly legal_name: string;
  readonly vat_number: string;
  readonly office_address: string;
  readonly office_city: string;
  readonly office_province: string;
}

export interface IssuedCertificate {
  readonly certificateNumber: string;
  readonly sha256: string;
  readonly pdf: Buffer;
}

export interface DocumentVerification {
  /** True when these exact bytes are a certificate the registry issued. */
  readonly issued: boolean;
  readonly sha256: string;
  readonly certificateNumber: string | null;
  readonly firmLegalName: string | null;
  readonly vatNumber: string | null;
  /** The rating's status now: a revoked rating's PDF verifies as "issued, now revoked". */
  readonly status: RatingStatus | null;
  readonly validUntil: Date | null;
}

/**
 * Turns an issued rating into its one certificate: renders and signs outside any transaction
 * (Chromium takes time, and the embedded database has a single session), then stores the bytes and
 * attaches their hash under the rating's row lock, so a retried or duplicated job can never attach a
 * second, different PDF.
 */
@Injectable()
export class CertificateIssuanceService implements OnModuleInit {
  private readonly logger = new Logger(CertificateIssuanceService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionAdapter>,
    private readonly jobs: JobQueue,
    private readonly certificates: CertificateService,
    private readonly ratings: RatingsService,
    private readonly blobs: BlobStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.process<CertificateRenderJob>(CERTIFICATE_RENDER_QUEUE, ({ ratingId }) => this.renderFor(ratingId));
  }

  async renderFor(ratingId: string): Promise<void> {
    const rating = await this.ratingForCertificate(ratingId, false);
    if (!rating || rating.certificate_sha256 !== null) return;
    const produced = await this.certificates.produce(this.viewModel(rating));
    const attached = await this.attach(ratingId, produced.pdf, produced.sha256);
    if (attached) this.logger.log(`Certificate ${rating.certificate_number} rendered (${produced.sha256})`);
  }

  @Transactional()
  private async attach(ratingId: string, pdf: Buffer, sha256: string): Promise<boolean> {
    const locked = await this.ratingForCertificate(ratingId, true);
    if (!locked || locked.certificate_sha256 !== null) return false;
    await this.blobs.put(pdf, 'application/pdf');
    return this.ratings.attachCertificate(ratingId, sha256);
  }

  /** The issued PDF of a certificate number, byte for byte, or null until it has been rendered. */
  async download(certificateNumber: string): Promise<IssuedCertificate | null> {
    const rows = await this.txHost.tx.query<{ certificate_sha256: string | null }[]>(
      `SELECT certificate_sha256 FROM rating WHERE certificate_number = $1`,
      [certificateNumber],
    );
    const sha256 = rows[0]?.certificate_sha256;
    if (!sha256) return null;
    const blob = await this.blobs.get(sha256);
    return blob ? { certificateNumber, sha256, pdf: blob.bytes } : null;
  }

  /** Whether uploaded bytes are exactly a certificate the registry issued, and its rating's status now. */
  async verifyDocument(bytes: Buffer): Promise<DocumentVerification> {
    const sha256 = sha256Hex(bytes);
    const rows = await this.txHost.tx.query<
      { certificate_number: string; legal_name: string; vat_number: string; status: RatingStatus; valid_until: Date; suspension_deadline: Date | null }[]
    >(
      `SELECT r.certificate_number, f.legal_name, f.vat_number, r.status, r.valid_until, r.suspension_deadline
       FROM rating r JOIN firm f ON f.id = r.firm_id WHERE r.certificate_sha256 = $1`,
      [sha256],
    );
    const row = rows[0];
    if (!row) return { issued: false, sha256, certificateNumber: null, firmLegalName: null, vatNumber: null, status: null, validUntil: null };
    return {
      issued: true,
      sha256,
      certificateNumber: row.certificate_number,
      firmLegalName: row.legal_name,
      vatNumber: row.vat_number,
      status: effectiveRatingStatus({ status: row.status, validUntil: row.valid_until, suspensionDeadline: row.suspension_deadline }, this.clock.now()),
      validUntil: row.valid_until,
    };
  }

  private async ratingForCertificate(ratingId: string, lock: boolean): Promise<RatingForCertificate | null> {
    const rows = await this.txHost.tx.query<RatingForCertificate[]>(
      `SELECT r.certificate_number, r.certificate_sha256, r.issued_at, r.valid_from, r.valid_until, r.checklist_version,
              f.legal_name, f.vat_number, f.office_address, f.office_city, f.office_province
       FROM rating r JOIN firm f ON f.id = r.firm_id WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [ratingId],
    );
    return rows[0] ?? null;
  }

  private viewModel(rating: RatingForCertificate): CertificateViewModel {
    return {
      certificateNumber: rating.certificate_number,
      firmLegalName: rating.legal_name,
      vatNumber: rating.vat_number,
      registeredOffice: `${rating.office_address}, ${rating.office_city} (${rating.office_province})`,
      issuedAt: rating.issued_at,
      ...(romeCalendarDate(rating.valid_from) === romeCalendarDate(rating.issued_at) ? {} : { validFrom: rating.valid_from }),
      validUntil: rating.valid_until,
      checklistVersion: rating.checklist_version,
      verificationUrl: certificateVerificationUrl(this.config.publicBaseUrl, rating.certificate_number),
    };
  }
}
