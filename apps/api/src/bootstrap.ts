import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { ApiModule, ApiModuleOptions } from './api.module';
import { ErrorBody } from './http/error-body';
import { replyWithError } from './http/error-reply';
import { registerMultipart } from './http/multipart';
import { requestIdOf } from './http/request-id';
import { StartUpQuietLogger } from './http/start-up-quiet-logger';
import { pagesFastifyAdapter } from './pages/page-result.interceptor';
import { RegistryFastPath } from './registry/registry-fast-path';
import { TileFastPath } from './transparency/tile-fast-path';

const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the API application, configured but not yet listening: main.ts listens, tests drive it directly. */
export async function createApiApplication(options: ApiModuleOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const adapter = pagesFastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    genReqId: requestIdOf,
    requestIdHeader: false,
    logger: false,
    return503OnClosing: true,
    // A path the router cannot decode (`%ED%A0%80`, a lone surrogate; a bare `%`) or an overlong parameter:
    // answered before any route, so with the platform's error shape only if said here.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void replyWithError(error, request, reply),
  });
  // Added before NestFactory.create registers Nest's middleware, so that the fast path runs first.
  const first: { fastPath?: RegistryFastPath; tiles?: TileFastPath } = {};
  adapter.getInstance().addHook('onRequest', async (request, reply) => (await first.tiles?.answer(request, reply)) ?? first.fastPath?.answer(request, reply));
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.register(options), adapter, { bufferLogs: true, abortOnError: false });
  first.fastPath = app.get(RegistryFastPath);
  first.tiles = app.get(TileFastPath);
  app.useLogger(new StartUpQuietLogger(app.get(Logger)));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Helmet's default would send http://localhost visitors' subresources to https.
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.publicBaseUrl.startsWith('https://'),
    // Not helmet's no-referrer: under it browsers send `Origin: null` with the site's own form posts, which the CSRF check refuses.
    referrerPolicy: { policy: 'same-origin' },
  });

  await app.register(cookie);

  // Uploads (evidence, number lists) and page forms are read per route, in memory, within limits.
  await registerMultipart(fastify, config.evidenceMaxBytes);

  const openApi = new DocumentBuilder()
    .setTitle('Azienda Qualificata API')
    .setDescription('The registry and audit platform behind the contact-center blue seal (bollino blu). Every error has the shape ErrorBody.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, openApi, { extraModels: [ErrorBody] });
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });

  await app.init();
  await fastify.ready();
  return app;
}
