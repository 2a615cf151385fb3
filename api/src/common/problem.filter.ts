import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';
import { isDatabaseUnavailable } from './database-errors.js';

const HTTP_STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Fastify's own errors (raised before any Nest handler runs), by their `code`. */
const FASTIFY_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'MALFORMED_JSON', detail: 'The JSON request body is empty.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body exceeds 1 MiB.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Send request bodies as application/json.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'BAD_REQUEST',
    detail: 'The Content-Length header does not match the body.',
  },
};

/** Turns every error into RFC 9457 problem+json; unexpected ones become a bare 500 and are logged. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem = this.toProblemError(exception, request);
    if (reply.sent) return;
    reply
      .status(problem.status)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send(problem.toProblem(request.url.split('?', 1)[0]));
  }

  private toProblemError(exception: unknown, request: FastifyRequest): ProblemError {
    if (exception instanceof ProblemError) return exception;
    if (exception instanceof ThrottlerException) {
      return new ProblemError(429, 'RATE_LIMITED', 'Too many requests; wait a minute and try again.');
    }
    const fastifyCode = fastifyErrorCode(exception);
    if (fastifyCode && FASTIFY_ERRORS[fastifyCode]) {
      const known = FASTIFY_ERRORS[fastifyCode];
      return new ProblemError(known.status, known.code, known.detail);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status < 500)
        return new ProblemError(status, HTTP_STATUS_CODES[status] ?? 'BAD_REQUEST', this.detailOf(exception));
    }
    const fastifyError = exception as { statusCode?: unknown };
    if (
      typeof fastifyError?.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      const status = fastifyError.statusCode;
      return new ProblemError(status, HTTP_STATUS_CODES[status] ?? 'BAD_REQUEST', titleSafeDetail(status));
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ reqId: request.id, err: describe(exception), msg: 'database unavailable' });
      return new ProblemError(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable; retry shortly.');
    }
    this.logger.error({ reqId: request.id, err: describe(exception), msg: 'unexpected error' });
    return new ProblemError(500, 'INTERNAL', 'An unexpected error occurred. Quote the request id when reporting it.');
  }

  private detailOf(exception: HttpException): string {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const message = (response as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    return exception.message;
  }
}

/** Fastify's code, on the error itself or on the HttpException Nest wraps it in. */
function fastifyErrorCode(exception: unknown): string | undefined {
  const candidates = [exception, (exception as { cause?: unknown })?.cause];
  for (const candidate of candidates) {
    const code = (candidate as { code?: unknown })?.code;
    if (typeof code === 'string' && code.startsWith('FST_')) return code;
  }
  return undefined;
}

function titleSafeDetail(status: number): string {
  return status === 404 ? 'No such resource.' : 'The request was rejected.';
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { type: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
