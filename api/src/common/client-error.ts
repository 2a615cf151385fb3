import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';

/** Errors Node's HTTP parser raises before Fastify or Nest see a request, by their `code`. */
const PARSER_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    detail: 'The request line and headers exceed 16 KiB; send a shorter URL or fewer headers.',
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', detail: 'The request was not received in time.' },
};

/**
 * Fastify's `clientErrorHandler`: a request the HTTP parser rejects (an oversized URL or header, a
 * malformed request line) is answered with problem+json like every other error, then the socket closes.
 */
export function problemClientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = PARSER_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    detail: 'The request is not valid HTTP.',
  };
  const body = JSON.stringify(new ProblemError(known.status, known.code, known.detail).toProblem());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Errors of Fastify's router, raised before any Nest handler or filter runs, by their `code`. */
const ROUTER_ERRORS: Record<string, { status: number; code: string; detail: string }> = {
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_URL', detail: 'The URL is not validly percent-encoded.' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', detail: 'A path segment exceeds 100 characters.' },
};

/**
 * Fastify's `frameworkErrors`: a URL its router cannot decode (`/books/%zz`) or a path segment over the
 * length limit is answered with problem+json, not Fastify's own JSON shape.
 */
export function problemFrameworkErrors(
  error: { code?: string },
  _request: unknown,
  reply: { code(status: number): unknown; header(name: string, value: string): unknown; send(body: string): unknown },
): void {
  const known = ROUTER_ERRORS[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    detail: 'The request was rejected.',
  };
  reply.code(known.status);
  reply.header('content-type', PROBLEM_CONTENT_TYPE);
  reply.send(JSON.stringify(new ProblemError(known.status, known.code, known.detail).toProblem()));
}
