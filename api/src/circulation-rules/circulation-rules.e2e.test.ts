import { beforeAll, describe, expect, it } from '@jest/globals';
import { createActors, sql, type Actor } from '../test/actors.js';
import { useStack } from '../test/use-stack.js';

const stack = useStack();

let member: Actor;
let librarian: Actor;
let admin: Actor;

beforeAll(async () => {
  [member, librarian, admin] = await createActors(stack, 'member', 'librarian', 'admin');
}, 60_000);

const request = (method: string, path: string, actor: Actor, body?: unknown) =>
  stack.api.request(method, `/api/v1/circulation-rules${path}`, { token: actor.token, body });

const TODAY = {
  loanable: true,
  loanDays: 14,
  maxActiveLoans: 5,
  maxRenewals: 2,
  fineCentsPerDay: 25,
  fineCapCents: 1000,
};
const wildcard = (category: string, overrides: Record<string, unknown> = {}) => ({
  category,
  itemType: '*',
  ...TODAY,
  holdsAllowed: true,
  maxHolds: 5,
  ...overrides,
});
const VALID_TABLE = [
  wildcard('adult'),
  wildcard('child', { loanDays: 21, maxActiveLoans: 3 }),
  wildcard('staff', { loanDays: 28 }),
  { ...wildcard('adult'), itemType: 'dvd', loanDays: 7, maxRenewals: 0, fineCentsPerDay: 100 },
  { ...wildcard('adult'), itemType: 'reference', loanable: false, holdsAllowed: false },
];

async function storedRules(): Promise<unknown[]> {
  return sql(stack, `SELECT category, item_type FROM circulation_rules ORDER BY category, item_type`);
}

describe('GET /api/v1/circulation-rules', () => {
  it('starts with today’s settings for every category and reference works kept in the library', async () => {
    const response = await request('GET', '', admin);
    expect(response.status).toBe(200);
    expect(response.body.rules).toHaveLength(6);
    for (const category of ['adult', 'child', 'staff']) {
      expect(response.body.rules).toContainEqual(wildcard(category));
      expect(response.body.rules).toContainEqual({
        ...wildcard(category),
        itemType: 'reference',
        loanable: false,
        holdsAllowed: false,
      });
    }
  });

  it('is for admins only', async () => {
    for (const actor of [member, librarian]) expect((await request('GET', '', actor)).status).toBe(403);
  });
});

describe('GET /api/v1/circulation-rules/resolve', () => {
  it('says the category’s * row applies to an item type without a row of its own', async () => {
    const response = await request('GET', '/resolve?category=child&itemType=dvd', librarian);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ category: 'child', itemType: 'dvd', matchedItemType: '*' });
    expect(response.body.reason).toContain('child/*');
    expect(response.body.rule).toEqual(wildcard('child'));
  });

  it('says the item type’s own row wins over *', async () => {
    const response = await request('GET', '/resolve?category=staff&itemType=reference', librarian);
    expect(response.body).toMatchObject({ matchedItemType: 'reference', rule: { loanable: false } });
  });

  it('rejects unknown categories and item types with 400 VALIDATION_FAILED', async () => {
    for (const query of ['category=elder&itemType=book', 'category=adult&itemType=vinyl', 'category=adult']) {
      const response = await request('GET', `/resolve?${query}`, librarian);
      expect({ query, status: response.status, code: response.body.code }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });
});

describe('PUT /api/v1/circulation-rules', () => {
  it('replaces the whole table, and resolution follows the new rows', async () => {
    const response = await request('PUT', '', admin, { rules: VALID_TABLE });
    expect(response.status).toBe(200);
    expect(response.body.rules).toHaveLength(VALID_TABLE.length);
    expect(await storedRules()).toHaveLength(VALID_TABLE.length);
    const dvd = await request('GET', '/resolve?category=adult&itemType=dvd', librarian);
    expect(dvd.body).toMatchObject({ matchedItemType: 'dvd', rule: { loanDays: 7, fineCentsPerDay: 100 } });
    // Staff has no reference row any more: its * row lets reference works out.
    const staff = await request('GET', '/resolve?category=staff&itemType=reference', librarian);
    expect(staff.body).toMatchObject({ matchedItemType: '*', rule: { loanable: true, loanDays: 28 } });
  });

  it('refuses a table with a category missing its * row, storing nothing', async () => {
    const before = await storedRules();
    const response = await request('PUT', '', admin, {
      rules: VALID_TABLE.filter((rule) => rule.category !== 'staff'),
    });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('RULES_INVALID');
    expect(response.body.errors).toEqual([{ field: 'rules', message: 'the staff category needs a "*" row' }]);
    expect(await storedRules()).toEqual(before);
  });

  it('refuses a table with a duplicated row, pointing at it', async () => {
    const response = await request('PUT', '', admin, { rules: [...VALID_TABLE, VALID_TABLE[3]] });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('RULES_INVALID');
    expect(response.body.errors).toEqual([
      { field: `rules.${VALID_TABLE.length}`, message: expect.stringContaining('adult/dvd') },
    ]);
  });

  it('refuses out-of-range numbers, wrong types and unknown fields in any row, naming each', async () => {
    const before = await storedRules();
    const rules = [
      { ...VALID_TABLE[0], loanDays: 0 },
      { ...VALID_TABLE[1], maxActiveLoans: 2.5 },
      { ...VALID_TABLE[2], fineCapCents: -1, colour: 'red' },
      { ...VALID_TABLE[3], loanable: 'yes' },
    ];
    const response = await request('PUT', '', admin, { rules });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = response.body.errors.map((error: any) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'rules.0.loanDays',
        'rules.1.maxActiveLoans',
        'rules.2.fineCapCents',
        'rules.3.loanable',
      ]),
    );
    expect(fields.some((field: string) => field.startsWith('rules.2'))).toBe(true);
    expect(await storedRules()).toEqual(before);
  });

  it('refuses a body without rules, or with an unknown category', async () => {
    for (const body of [{}, { rules: [] }, { rules: [{ ...VALID_TABLE[0], category: 'elder' }, ...VALID_TABLE] }]) {
      const response = await request('PUT', '', admin, body);
      expect({ status: response.status, code: response.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('is for admins only', async () => {
    for (const actor of [member, librarian]) {
      expect((await request('PUT', '', actor, { rules: VALID_TABLE })).status).toBe(403);
    }
  });
});
