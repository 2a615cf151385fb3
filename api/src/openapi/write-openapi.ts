/**
 * `npm run openapi -w api`: writes the OpenAPI document the API serves on /docs-json to
 * `api/openapi.json`, for clients that generate SDKs without running the server. Nest's preview mode
 * builds the routes without instantiating any provider, so no database is needed.
 */
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/app-config.js';
import { buildOpenApiDocument } from '../swagger.js';
import { OPENAPI_FILE } from './openapi-file.js';

async function writeOpenApi(): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'development', PGHOST: 'unused-in-preview-mode' });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  const document = buildOpenApiDocument(app);
  await writeFile(OPENAPI_FILE, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  console.log(`wrote ${OPENAPI_FILE}`);
}

await writeOpenApi();
