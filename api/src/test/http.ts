export interface HttpResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as-is, for malformed input. */
  readonly rawBody?: string;
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

/** An argon2 PHC string (`$argon2id$v=19$m=…`): a stored password hash. */
const PASSWORD_HASH = /\$argon2(?:id|i|d)\$/;
/** A V8 stack frame (`\n    at Foo.bar (/app/dist/x.js:12:3)`), raw or JSON-escaped. */
const STACK_TRACE = /(?:\n|\\n)\s*at (?:[^\s()]+ \()?(?:file:\/\/|node:|\/)[^\s()"]*:\d+:\d+/;

/** Every response body seen by this test file, for the leak audit of the reliability tests. */
export const responseAudit = { responses: 0, leaks: [] as string[] };

/**
 * Fails the request (so the test that made it) when a response carries a password hash or a stack
 * trace: no response of the whole end-to-end run may contain either.
 */
function auditResponse(method: string, path: string, text: string): void {
  responseAudit.responses++;
  const leak = PASSWORD_HASH.test(text) ? 'a password hash' : STACK_TRACE.test(text) ? 'a stack trace' : undefined;
  if (!leak) return;
  responseAudit.leaks.push(`${method} ${path}`);
  throw new Error(`The response to ${method} ${path} contains ${leak}:\n${text.slice(0, 2000)}`);
}

/** One HTTP request over a real socket; the body is parsed when it is JSON. */
export async function sendRequest<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<HttpResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    body = options.rawBody;
    headers['content-type'] ??= 'application/json';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  // A hung server fails the test in bounded time instead of hanging the run.
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  auditResponse(method, path, text);
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text };
}
