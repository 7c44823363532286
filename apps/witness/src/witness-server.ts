import Fastify, { FastifyInstance } from 'fastify';
import type { Witness } from './witness';

/** The witness over HTTP: POST /add-checkpoint (c2sp.org/tlog-witness) and GET /health. */
export function witnessServer(witness: Witness, verifierKey: string): FastifyInstance {
  const app = Fastify({ bodyLimit: 64 * 1024 });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/add-checkpoint', async (request, reply) => {
    const answer = await witness.addCheckpoint(typeof request.body === 'string' ? request.body : '');
    return reply.code(answer.status).header('content-type', answer.contentType).send(answer.body);
  });
  app.get('/health', () => Promise.resolve({ status: 'ok', key: verifierKey }));
  return app;
}
