import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from './free-port.js';

/**
 * A stand-in for a Kubernetes Service in front of a database (CloudNativePG's `<cluster>-rw`): a
 * fixed address whose backend can be moved. Repointing cuts every open connection, as the old
 * primary's do when its pod is gone, and new connections reach the new backend.
 */
export class TcpProxy {
  private readonly open = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly server: Server,
    private targetPort: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    const port = await freePort();
    const server = createServer();
    const proxy = new TcpProxy(port, server, targetPort);
    server.on('connection', (client: Socket) => proxy.forward(client));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return proxy;
  }

  /** Sends new connections to `targetPort` and closes the ones open now. */
  repoint(targetPort: number): void {
    this.targetPort = targetPort;
    for (const socket of this.open) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: Socket): void {
    const backend = createConnection({ host: '127.0.0.1', port: this.targetPort });
    for (const socket of [client, backend]) {
      this.open.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.open.delete(socket);
        client.destroy();
        backend.destroy();
      });
    }
    client.pipe(backend);
    backend.pipe(client);
  }
}
