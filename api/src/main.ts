import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { ShutdownState } from './health/shutdown-state.js';
import { createLogger } from './observability/logger.js';

/**
 * SIGTERM: readiness fails at once, traffic drains away during the delay, then the server stops
 * accepting, finishes in-flight requests, closes the pool (Nest's destroy hooks) and exits 0.
 */
function handleShutdown(app: NestFastifyApplication, config: AppConfig, logger: Logger): void {
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    app.get(ShutdownState).begin();
    logger.info({ signal, delayMs: config.shutdownDelayMs }, 'shutdown started; readiness now fails');
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
    try {
      await app.close();
      logger.info('shutdown complete');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      logger.flush();
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<NestFastifyApplication> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  handleShutdown(app, config, logger);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  logger.info({ port: config.port }, 'listening');
  return app;
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(JSON.stringify({ level: 'fatal', msg: 'startup failed', error: String(error) }));
  }
  process.exit(1);
});
