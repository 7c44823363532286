import { NotFoundError } from '@app/core';
import { CertificateIssuanceService } from '@app/certificates';
import { CERTIFICATE_NUMBER_PATTERN, RATING_STATUSES } from '@app/ratings';
import { Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../http/access.decorators';
import { readMultipartUpload } from '../http/multipart';

/** A certificate PDF is about 100 KB; anything far larger is not one of ours. */
export const MAX_VERIFIED_DOCUMENT_BYTES = 5 * 1024 * 1024;

class CertificateNumberParam {
  @ApiProperty({ example: 'AQ-2026-000001' })
  @Matches(CERTIFICATE_NUMBER_PATTERN, { message: 'certificateNumber must look like AQ-YYYY-NNNNNN' })
  certificateNumber!: string;
}

class DocumentVerificationResponse {
  @ApiProperty({ description: 'These exact bytes are a certificate the registry issued' }) issued!: boolean;
  @ApiProperty({ description: 'SHA-256 of the uploaded bytes' }) sha256!: string;
  @ApiProperty({ nullable: true, type: String }) certificateNumber!: string | null;
  @ApiProperty({ nullable: true, type: String }) firmLegalName!: string | null;
  @ApiProperty({ nullable: true, type: String }) vatNumber!: string | null;
  @ApiProperty({ nullable: true, enum: RATING_STATUSES, description: 'The rating status now' }) status!: string | null;
  @ApiProperty({ nullable: true, type: Date }) validUntil!: Date | null;
}

@ApiTags('certificates')
@Controller('api/v1')
export class CertificatesController {
  constructor(private readonly issuance: CertificateIssuanceService) {}

  @Get('certificates/:certificateNumber/pdf')
  @Public()
  @ApiOperation({ summary: 'The signed certificate PDF, the same bytes every time (ETag = SHA-256)' })
  @ApiProduces('application/pdf')
  async download(
    @Param() { certificateNumber }: CertificateNumberParam,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const certificate = await this.issuance.download(certificateNumber);
    if (!certificate) throw new NotFoundError('Certificate PDF', { hint: 'Unknown number, or the PDF is still being produced' });
    const etag = `"${certificate.sha256}"`;
    void reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable');
    if (ifNoneMatch === etag) {
      await reply.status(HttpStatus.NOT_MODIFIED).send();
      return;
    }
    await reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${certificate.certificateNumber}.pdf"`)
      .header('x-content-type-options', 'nosniff')
      .send(certificate.pdf);
  }

  @Post('verify/document')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Upload a PDF: is it exactly a certificate the registry issued, and what is its rating status now?' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } })
  @ApiOkResponse({ type: DocumentVerificationResponse })
  async verifyDocument(@Req() request: FastifyRequest): Promise<DocumentVerificationResponse> {
    const { file } = await readMultipartUpload(request, { maxFileBytes: MAX_VERIFIED_DOCUMENT_BYTES });
    return this.issuance.verifyDocument(file.bytes);
  }
}
