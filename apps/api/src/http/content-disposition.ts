import { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';

/**
 * `Content-Disposition: attachment` with the file name twice: an ASCII fallback for old clients
 * and the exact UTF-8 name (RFC 6266 / RFC 8187), so accented Italian names survive the download.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A stored file as users download it: evidence, appeal and corrective-action documents. */
export interface DownloadableFile {
  readonly bytes: Buffer;
  readonly contentType: string;
  readonly fileName: string;
}

/** Text says its encoding, so a browser never guesses one. */
function downloadType(file: DownloadableFile): string {
  return file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType;
}

/** For the API: the exact bytes as an attachment. */
export function downloadableFile(file: DownloadableFile): StreamableFile {
  return new StreamableFile(file.bytes, { type: downloadType(file), disposition: attachmentDisposition(file.fileName), length: file.bytes.length });
}

/** For a page's link: the same attachment, never sniffed as another type, never kept by a cache. */
export async function sendDownload(reply: FastifyReply, file: DownloadableFile): Promise<void> {
  await reply
    .header('content-type', downloadType(file))
    .header('content-disposition', attachmentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.bytes);
}
