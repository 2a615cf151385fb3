/** One invalid field of a rejected request. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem document, the body of every error response. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function titleFor(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** The `type` URI of a code: stable, documented in the OpenAPI document. */
export function typeFor(code: string): string {
  return `urn:lms:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/**
 * A failure the API answers on purpose, with a stable machine-readable code.
 * Services throw it; the exception filter turns it into problem+json.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  toProblem(instance?: string): Problem {
    return {
      type: typeFor(this.code),
      title: titleFor(this.status),
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (code: string, detail: string, errors?: readonly FieldError[]) =>
  new ProblemError(400, code, detail, errors);
export const unauthorized = (code: string, detail: string) => new ProblemError(401, code, detail);
export const forbidden = (code: string, detail: string) => new ProblemError(403, code, detail);
export const notFound = (code: string, detail: string) => new ProblemError(404, code, detail);
export const conflict = (code: string, detail: string) => new ProblemError(409, code, detail);
