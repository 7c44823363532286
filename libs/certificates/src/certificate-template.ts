import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import QRCode from 'qrcode';
import {
  CertificateDate,
  certificateDate,
  CertificateLayout,
  certificateLayout,
  certificateViewModelProblems,
  CertificateViewModel,
} from './certificate-view-model';
import { InvalidCertificateError } from './certificates.errors';
import { embeddedFontFaces } from './embedded-fonts';

/** What `certificate.hbs` reads. Every user-supplied value goes through `{{ }}` and is HTML-escaped. */
interface CertificateTemplateContext {
  readonly styles: string;
  readonly layout: CertificateLayout;
  readonly certificateNumber: string;
  readonly firmLegalName: string;
  readonly vatNumber: string;
  readonly registeredOffice: string;
  readonly issuedOn: CertificateDate;
  readonly validFrom: CertificateDate | null;
  readonly validUntil: CertificateDate;
  readonly checklistVersion: string;
  readonly verificationUrl: string;
  /** Vector paths: sharp at any print size, and nothing for Chromium to decode and keep in memory. */
  readonly qrCodeSvg: string;
}

const CERTIFICATE_TEMPLATE_FOLDER = join('templates', 'certificates');

/** The folder is found walking up from this file, so the same code runs from `libs/` (tests) and `dist/libs/` (build). */
function findCertificateTemplatesFolder(from: string = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, CERTIFICATE_TEMPLATE_FOLDER);
    if (existsSync(join(candidate, 'certificate.hbs'))) return candidate;
    if (dirname(folder) === folder) throw new Error(`No ${CERTIFICATE_TEMPLATE_FOLDER}/certificate.hbs above ${from}`);
  }
}

/** An empty drawing: the start-up render proves the template runs without computing a real QR code. */
const PLACEHOLDER_QR_CODE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>';

/**
 * Turns a certificate view model into a self-contained HTML page (fonts, QR code and seal inline).
 * The templates are compiled once, when the provider is built, and a sample render at that moment
 * makes a broken template fail at boot instead of on the first issued rating.
 */
@Injectable()
export class CertificateTemplate {
  private readonly template: Handlebars.TemplateDelegate<CertificateTemplateContext>;
  private readonly styles: string;

  constructor() {
    const folder = findCertificateTemplatesFolder();
    const handlebars = Handlebars.create();
    const options: CompileOptions = { strict: true, preventIndent: true };
    const partialsFolder = join(folder, 'partials');
    for (const file of readdirSync(partialsFolder).filter((name) => name.endsWith('.hbs'))) {
      handlebars.registerPartial(basename(file, '.hbs'), handlebars.compile(readFileSync(join(partialsFolder, file), 'utf8'), options));
    }
    this.template = handlebars.compile<CertificateTemplateContext>(readFileSync(join(folder, 'certificate.hbs'), 'utf8'), options);
    this.styles = `${embeddedFontFaces()}\n${readFileSync(join(folder, 'certificate.css'), 'utf8')}`;
    this.renderHtml(SAMPLE_VIEW_MODEL, PLACEHOLDER_QR_CODE);
  }

  /** The HTML of one certificate; throws InvalidCertificateError naming every problem of the view model. */
  async render(viewModel: CertificateViewModel): Promise<string> {
    const problems = certificateViewModelProblems(viewModel);
    if (problems.length > 0) throw new InvalidCertificateError(problems);
    const qrCodeSvg = await QRCode.toString(viewModel.verificationUrl, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 0,
      color: { dark: '#0d2b5eff', light: '#ffffffff' },
    });
    return this.renderHtml(viewModel, qrCodeSvg);
  }

  private renderHtml(viewModel: CertificateViewModel, qrCodeSvg: string): string {
    return this.template({
      styles: this.styles,
      layout: certificateLayout(viewModel),
      certificateNumber: viewModel.certificateNumber,
      firmLegalName: viewModel.firmLegalName,
      vatNumber: viewModel.vatNumber,
      registeredOffice: viewModel.registeredOffice,
      issuedOn: certificateDate(viewModel.issuedAt),
      validFrom: viewModel.validFrom === undefined ? null : certificateDate(viewModel.validFrom),
      validUntil: certificateDate(viewModel.validUntil),
      checklistVersion: viewModel.checklistVersion,
      verificationUrl: viewModel.verificationUrl,
      qrCodeSvg,
    });
  }
}

const SAMPLE_VIEW_MODEL: CertificateViewModel = {
  certificateNumber: 'AQ-2026-000001',
  firmLegalName: 'Esempio S.r.l.',
  vatNumber: '01234567897',
  registeredOffice: 'Via Roma 1, 00100 Roma (RM)',
  issuedAt: new Date('2026-01-01T10:00:00Z'),
  validUntil: new Date('2027-01-01T10:00:00Z'),
  checklistVersion: '1',
  verificationUrl: 'https://example.invalid/verifica/AQ-2026-000001',
};
