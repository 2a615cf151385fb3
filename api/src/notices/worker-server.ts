import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

export interface WorkerServerProps {
  readonly port: number;
  readonly registry: Registry;
  /** Ready: the queue is started, the database answers and no shutdown has begun. */
  readonly ready: () => Promise<boolean>;
}

/** `/health/live`, `/health/ready` and `/metrics` of the worker, on its own port. */
export async function startWorkerServer(props: WorkerServerProps): Promise<Server> {
  const server = createServer((request, response) => {
    const reply = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'content-type': contentType }).end(body);
    };
    const json = (status: number, body: unknown) => reply(status, 'application/json', JSON.stringify(body));
    const answer = async () => {
      switch (request.url) {
        case '/health/live':
          return json(200, { status: 'ok' });
        case '/health/ready':
          return (await props.ready().catch(() => false))
            ? json(200, { status: 'ok' })
            : json(503, { status: 'unavailable' });
        case '/metrics':
          return reply(200, props.registry.contentType, await props.registry.metrics());
        default:
          return json(404, { status: 'not found' });
      }
    };
    answer().catch(() => json(500, { status: 'error' }));
  });
  await new Promise<void>((resolve) => server.listen(props.port, '0.0.0.0', resolve));
  return server;
}
