import { describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { useStack } from './test/use-stack.js';

const stack = useStack();

/** Every route of issues 2 and 13, as OpenAPI paths. */
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
  // Issue 13: holds, the desk, circulation rules.
  ['post', '/api/v1/holds'],
  ['get', '/api/v1/holds'],
  ['get', '/api/v1/holds/{id}'],
  ['post', '/api/v1/holds/{id}/cancel'],
  ['post', '/api/v1/holds/maintenance'],
  ['post', '/api/v1/circulation/checkout'],
  ['post', '/api/v1/circulation/checkin'],
  ['get', '/api/v1/circulation-rules'],
  ['put', '/api/v1/circulation-rules'],
  ['get', '/api/v1/circulation-rules/resolve'],
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
      expect(operation.responses.default.content['application/problem+json'].schema.$ref).toBe(
        '#/components/schemas/Problem',
      );
      const hasBody =
        ['post', 'patch', 'put'].includes(method) && !/\/(return|renew|pay-fine|cancel|maintenance)$/.test(path);
      if (hasBody) expect(operation.requestBody?.content?.['application/json']?.schema).toBeDefined();
    }
  });
});
