import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { getToken } from '@willsoto/nestjs-prometheus';
import { LogController } from 'fastify';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { problemClientErrorHandler, problemFrameworkErrors } from './common/client-error.js';
import { ProblemFilter } from './common/problem.filter.js';
import { createValidationPipe } from './common/validation.js';
import { observeHttp, requestIdFrom } from './observability/http-observer.js';
import { HTTP_REQUEST_DURATION } from './observability/metric-names.js';
import { NestPinoLogger } from './observability/nest-logger.js';
import { setUpSwagger } from './swagger.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Swagger UI loads its own script and styles from /docs; nothing from other origins. */
const CONTENT_SECURITY_POLICY = {
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    // TLS ends at the ingress; on plain-HTTP local runs an upgrade would break Swagger UI's assets.
    upgradeInsecureRequests: null,
  },
};

type FastifyAdapterOptions = ConstructorParameters<typeof FastifyAdapter>[0] & { logController: LogController };

/** Builds the whole application without listening: `main.ts` listens, tests use `inject` or a port. */
export async function createApp(config: AppConfig, logger: Logger): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter(<FastifyAdapterOptions>{
    loggerInstance: logger,
    // Request lines are written by observeHttp, with the route template and user id.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => requestIdFrom(request),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy as boolean | string,
    clientErrorHandler: problemClientErrorHandler,
    frameworkErrors: problemFrameworkErrors,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
    // Fastify's own JSON parser only; no urlencoded bodies.
    bodyParser: false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only: any other body type is a 415, not a string handed to validation.
  fastify.removeContentTypeParser(['text/plain']);
  observeHttp(fastify, logger, app.get<Histogram<string>>(getToken(HTTP_REQUEST_DURATION)));
  // Built once: @fastify/helmet rebuilds helmet's middleware (parsing the CSP again) on every request,
  // which cost about a tenth of the API's CPU per request in the benchmark profile (docs/benchmarks.md).
  const securityHeaders = helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY });
  fastify.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
  app.enableCors({ origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(logger));
  setUpSwagger(app);
  return app;
}
