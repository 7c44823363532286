import type { FastifyReply, FastifyRequest } from 'fastify';

/** RFC 9110 weak comparison: `W/"x"` and `"x"` match; `*` matches any current answer. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((candidate) => opaque(candidate) === wanted);
}

/**
 * Marks a public answer as revalidated on every use (`no-cache`: a revocation must never be hidden
 * behind a browser's copy) and answers 304 Not Modified when the client's copy is still current.
 * The ETag comes from the cached answer, so a 304 costs no database query.
 */
export function answeredNotModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  void reply.header('etag', etag).header('cache-control', 'no-cache').header('access-control-allow-origin', '*');
  if (!etagMatches(request.headers['if-none-match'], etag)) return false;
  void reply.status(304);
  return true;
}
