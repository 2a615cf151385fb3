import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './common/problem.js';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details. `code` is stable and machine-readable.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:lms:problem:validation-failed' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string', example: 'The request is invalid.' },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    instance: { type: 'string', example: '/api/v1/books' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** Every operation may fail with a problem document; say so once instead of on every handler. */
function addProblemResponses(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA };
  for (const pathItem of Object.values(document.paths)) {
    for (const operation of Object.values(pathItem)) {
      if (!operation || typeof operation !== 'object' || !('responses' in operation)) continue;
      operation.responses.default ??= {
        description: 'An error, as application/problem+json',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  }
  return document;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Library Management System API')
    .setDescription('Members, books, copies and loans. Errors are RFC 9457 application/problem+json.')
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return addProblemResponses(SwaggerModule.createDocument(app, config));
}

/** Swagger UI on /docs and the OpenAPI 3 document on /docs-json. */
export function setUpSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'LMS API',
  });
}
