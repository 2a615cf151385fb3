import { readFile } from 'node:fs/promises';
import { describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { stableJson } from './common/stable-json.js';
import { OPENAPI_FILE } from './openapi/openapi-file.js';
import { useStack } from './test/use-stack.js';

const stack = useStack();

/** Every route of issue 2, as OpenAPI paths. */
const ROUTES: [string, string][] = [
  ['post', '/api/v1/auth/register'],
  ['post', '/api/v1/auth/login'],
  ['get', '/api/v1/auth/me'],
  ['get', '/api/v1/users'],
  ['get', '/api/v1/users/{id}'],
  ['patch', '/api/v1/users/{id}'],
  ['get', '/api/v1/books'],
  ['post', '/api/v1/books'],
  ['get', '/api/v1/books/{id}'],
  ['patch', '/api/v1/books/{id}'],
  ['delete', '/api/v1/books/{id}'],
  ['post', '/api/v1/books/{id}/copies'],
  ['get', '/api/v1/books/{id}/copies'],
  ['patch', '/api/v1/copies/{id}'],
  ['post', '/api/v1/loans'],
  ['get', '/api/v1/loans'],
  ['get', '/api/v1/loans/{id}'],
  ['post', '/api/v1/loans/{id}/return'],
  ['post', '/api/v1/loans/{id}/renew'],
  ['post', '/api/v1/loans/{id}/pay-fine'],
];

describe('Swagger', () => {
  it('serves Swagger UI on /docs', async () => {
    const response = await stack.api.request('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.text).toContain('swagger-ui');
  });

  it('serves a valid OpenAPI 3 document on /docs-json', async () => {
    const response = await stack.api.request('GET', '/docs-json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    const result = await new Validator().validate(structuredClone(response.body));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every route with a response schema, a request schema for bodies, and the problem schema', async () => {
    const document = (await stack.api.request('GET', '/docs-json')).body;
    expect(document.components.schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
    expect(document.components.responses.Problem.content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/Problem',
    );
    for (const [method, path] of ROUTES) {
      const operation = document.paths[path]?.[method];
      expect({ route: `${method} ${path}`, documented: Boolean(operation) }).toEqual({
        route: `${method} ${path}`,
        documented: true,
      });
      const success = Object.entries(operation.responses).find(([status]) => /^2/.test(status));
      expect(success).toBeDefined();
      const [status, response] = success as [string, any];
      if (status !== '204') expect(response.content?.['application/json']?.schema).toBeDefined();
      expect(operation.responses.default.$ref).toBe('#/components/responses/Problem');
      expect(operation.responses['500'].$ref).toBe('#/components/responses/InternalError');
      const hasBody = ['post', 'patch', 'put'].includes(method) && !/\/(return|renew|pay-fine)$/.test(path);
      if (hasBody) expect(operation.requestBody?.content?.['application/json']?.schema).toBeDefined();
    }
  });
});

describe('The OpenAPI document', () => {
  it('is served exactly as committed in api/openapi.json (regenerate with npm run openapi -w api)', async () => {
    const served = (await stack.api.request('GET', '/docs-json')).body;
    const committed = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));
    expect(stableJson(served) === stableJson(committed)).toBe(true);
  });

  it('states the limits the validation enforces', async () => {
    const document = (await stack.api.request('GET', '/docs-json')).body;
    const query = (path: string, name: string) =>
      document.paths[path].get.parameters.find((parameter: any) => parameter.name === name).schema;
    expect(query('/api/v1/books', 'page')).toMatchObject({ type: 'integer', minimum: 1, maximum: 1_000_000 });
    expect(query('/api/v1/books', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(document.paths['/api/v1/books/{id}'].get.parameters[0].schema).toMatchObject({
      type: 'string',
      format: 'uuid',
      pattern: expect.any(String),
    });
    const schemas = document.components.schemas;
    expect(schemas.CreateBookDto.properties.publishedYear).toMatchObject({ type: 'integer', nullable: true });
    expect(schemas.RegisterDto.properties.email).toMatchObject({ format: 'email', maxLength: 254 });
    expect(schemas.LoginDto.properties.email).toMatchObject({ maxLength: 254 });
    expect(schemas.UpdateUserDto.properties.currentPassword).toMatchObject({ maxLength: 256 });
    expect(schemas.UpdateUserDto.properties.role.enum).toEqual(['member', 'librarian', 'admin']);
    expect(schemas.CheckoutDto.allOf).toEqual([{ oneOf: [{ required: ['bookId'] }, { required: ['copyId'] }] }]);
  });

  it('says additionalProperties: false on every request body schema', async () => {
    const document = (await stack.api.request('GET', '/docs-json')).body;
    const bodies = Object.values(document.paths).flatMap((pathItem: any) =>
      Object.values(pathItem)
        .map((operation: any) => operation.requestBody?.content['application/json'].schema.$ref)
        .filter(Boolean),
    );
    expect(bodies.length).toBeGreaterThanOrEqual(8);
    for (const ref of bodies as string[]) {
      const name = ref.replace('#/components/schemas/', '');
      expect({ name, additionalProperties: document.components.schemas[name].additionalProperties }).toEqual({
        name,
        additionalProperties: false,
      });
    }
  });

  it('names its servers and tags, and marks the public operations with security: []', async () => {
    const document = (await stack.api.request('GET', '/docs-json')).body;
    expect(document.servers[0].url).toBe('https://{host}');
    expect(document.tags.map((tag: any) => tag.name)).toEqual(['auth', 'users', 'books', 'copies', 'loans', 'health']);
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(document.paths['/api/v1/books'].get.security).toEqual([]);
    expect(document.paths['/api/v1/books'].post.security).toBeUndefined();
    expect(JSON.stringify(document)).not.toContain('x-lms-public');
  });
});
