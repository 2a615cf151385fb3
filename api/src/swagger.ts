import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { PUBLIC_OPERATION_EXTENSION } from './auth/auth.decorators.js';
import { objectRulesOf } from './common/fields/object-rules.js';
import { PROBLEM_CONTENT_TYPE } from './common/problem.js';
import { REJECTS_UNKNOWN_PROPERTIES } from './common/validation.js';

type SchemaOrRef = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
type SchemaObject = Exclude<SchemaOrRef, { $ref: string }>;

const TEXT = { type: 'string', maxLength: 2000 } as const;

const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details. `code` is stable and machine-readable.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { ...TEXT, example: 'urn:lms:problem:validation-failed' },
    title: { ...TEXT, example: 'Bad Request' },
    status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 },
    detail: { ...TEXT, example: 'The request is invalid.' },
    code: { type: 'string', maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$', example: 'VALIDATION_FAILED' },
    instance: { ...TEXT, example: '/api/v1/books' },
    errors: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: TEXT, message: TEXT },
      },
    },
  },
};

/** Where clients reach the API; the production host is the ingress host of the deployment. */
const SERVERS = [
  {
    url: 'https://{host}',
    description: 'Production: the Kubernetes ingress (TLS ends there)',
    variables: { host: { default: 'lms.local', description: 'The ingress host (LMS_INGRESS_HOST)' } },
    'x-internal': false,
  },
];

const TAGS: readonly [string, string][] = [
  ['auth', 'Registration, login and the caller'],
  ['users', 'Accounts: members, librarians and admins'],
  ['books', 'The catalogue'],
  ['copies', 'Physical copies of the books'],
  ['loans', 'Borrowing, returning, renewing and fines'],
  ['health', 'Liveness and readiness probes'],
];

const BEARER = 'bearer';

interface Operation {
  responses: Record<string, unknown>;
  security?: unknown[];
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { schema?: SchemaOrRef }> };
  [key: string]: unknown;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.values(document.paths).flatMap((pathItem) =>
    Object.values(pathItem).filter(
      (operation): operation is Operation =>
        Boolean(operation) && typeof operation === 'object' && 'responses' in operation,
    ),
  );
}

function schemaName(schema: SchemaOrRef | undefined): string | undefined {
  return schema && '$ref' in schema ? schema.$ref.replace('#/components/schemas/', '') : undefined;
}

const problemResponse = (description: string) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The errors every operation of a kind can answer, named once in `components.responses`. */
const PROBLEM_RESPONSES = {
  InvalidRequest: problemResponse('The request is invalid: VALIDATION_FAILED (with `errors`), INVALID_ID, ...'),
  Unauthenticated: problemResponse('No valid access token: UNAUTHENTICATED or INVALID_TOKEN'),
  InternalError: problemResponse('INTERNAL: an unexpected failure, logged with the request id'),
  Problem: problemResponse('An error, as application/problem+json'),
} as const;

const responseRef = (name: keyof typeof PROBLEM_RESPONSES) => ({ $ref: `#/components/responses/${name}` });

/**
 * Every operation may fail with a problem document: 400 when it takes input, 401 when it needs a
 * token, 500 always, and any other status through `default`.
 */
function addProblemResponses(document: OpenAPIObject): void {
  document.components!.schemas = { ...document.components!.schemas, Problem: PROBLEM_SCHEMA };
  document.components!.responses = { ...document.components!.responses, ...PROBLEM_RESPONSES };
  for (const operation of operationsOf(document)) {
    const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
    if (takesInput) operation.responses['400'] ??= responseRef('InvalidRequest');
    if (operation.security?.length !== 0) operation.responses['401'] ??= responseRef('Unauthenticated');
    operation.responses['500'] ??= responseRef('InternalError');
    operation.responses.default ??= responseRef('Problem');
  }
}

/**
 * The guard asks every route for a bearer token unless it is `@Public()`: the document says the same,
 * globally, with `security: []` on the public operations.
 */
function stateSecurity(document: OpenAPIObject): void {
  document.security = [{ [BEARER]: [] }];
  for (const operation of operationsOf(document)) {
    if (operation[PUBLIC_OPERATION_EXTENSION]) operation.security = [];
    else delete operation.security;
    delete operation[PUBLIC_OPERATION_EXTENSION];
  }
}

/** Request bodies are as strict as the validation pipe: no unknown properties, and the cross-property rules. */
function tightenBodies(document: OpenAPIObject): void {
  const schemas = document.components!.schemas as Record<string, SchemaObject>;
  for (const operation of operationsOf(document)) {
    const name = schemaName(operation.requestBody?.content?.['application/json']?.schema);
    if (!name) continue;
    const schema = schemas[name];
    if (REJECTS_UNKNOWN_PROPERTIES) schema.additionalProperties = false;
    const rules = objectRulesOf(name);
    if (rules.length > 0) schema.allOf = rules.map((rule) => ({ ...rule }));
  }
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Library Management System API')
    .setDescription('Members, books, copies and loans. Errors are RFC 9457 application/problem+json.')
    .setVersion('1.0.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'An access token from POST /api/v1/auth/login: a JWT signed with HS256 (the algorithm is pinned when ' +
          'verifying), expiring after 15 minutes, following RFC8725 (JSON Web Token Best Current Practices).',
      },
      BEARER,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, { ...builder.build(), servers: SERVERS });
  stateSecurity(document);
  addProblemResponses(document);
  tightenBodies(document);
  return document;
}

/** Swagger UI on /docs and the OpenAPI 3 document on /docs-json. */
export function setUpSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
    customSiteTitle: 'LMS API',
  });
}
