import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Histogram } from 'prom-client';
import { rememberedUserId } from '../common/request-user.js';
import { UNMATCHED_ROUTE, UNOBSERVED_PATHS } from './metric-names.js';

const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Reuses a well-formed incoming `x-request-id`, or makes one. */
export function requestIdFrom(request: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function routeTemplateOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? UNMATCHED_ROUTE;
}

function isUnobserved(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0];
  return UNOBSERVED_PATHS.includes(path);
}

/**
 * Measures and logs every response at the HTTP layer (Fastify hooks), so requests rejected before
 * any Nest handler runs (401, 403, 404, 413, 429) are counted like the rest.
 */
export function observeHttp(fastify: FastifyInstance, logger: Logger, histogram: Histogram<string>): void {
  // The request line is built right here from fields that are never secret, and redaction matches keys,
  // not the URL string, so it had nothing to remove: skipping it saved about a tenth of the CPU of a
  // `GET /books/:id` in the benchmark (docs/benchmarks.md). Every other log line is still redacted.
  const requestLog = logger.child({}, { redact: { paths: [] } });
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isUnobserved(request)) return;
    const route = routeTemplateOf(request);
    const statusCode = reply.statusCode;
    const seconds = reply.elapsedTime / 1000;
    histogram.observe({ method: request.method, route, status_code: String(statusCode) }, seconds);
    const userId = rememberedUserId(request.raw, request);
    const level = statusCode >= 500 ? 'error' : 'info';
    requestLog[level]({
      reqId: request.id,
      method: request.method,
      route,
      url: request.url,
      statusCode,
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
      ...(userId ? { userId } : {}),
      msg: 'request completed',
    });
  });
}
