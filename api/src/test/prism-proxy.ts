import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './api-process.js';
import { freePort } from './free-port.js';
import { sendRequest, type HttpResponse, type RequestOptions } from './http.js';

const PRISM_BIN = fileURLToPath(new URL('../../../node_modules/.bin/prism', import.meta.url));
/** Every error Prism answers itself has a `type` under this URL; the API's use `urn:lms:problem:`. */
export const PRISM_ERROR_TYPE = 'https://stoplight.io/prism/errors#';

export interface PrismProxy {
  readonly baseUrl: string;
  /** Through the proxy; Prism's own refusals come back as they are. */
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  /** Everything Prism logged, for the message of a failing test. */
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Stoplight Prism's validating proxy in front of `upstream`, with `--errors`: a request the document
 * calls invalid is refused with 422 (never forwarded), and a response that does not match it is
 * replaced by a 500 `VIOLATIONS` problem.
 */
export async function startPrismProxy(documentPath: string, upstream: string): Promise<PrismProxy> {
  const port = await freePort();
  const child = spawn(
    PRISM_BIN,
    ['proxy', documentPath, upstream, '--errors', '--host', '127.0.0.1', '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`Prism exited:\n${output}`);
      return (await fetch(`${baseUrl}/health/live`)).status === 200;
    },
    { what: 'the Prism proxy to listen', timeoutMs: 60_000 },
  );
  return {
    baseUrl,
    request: (method, path, options) => sendRequest(baseUrl, method, path, options),
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
