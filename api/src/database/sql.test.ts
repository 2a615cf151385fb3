import { describe, expect, it } from '@jest/globals';
import { assignmentsOf } from './sql.js';

const COLUMNS = { name: 'name', publishedYear: 'published_year' };

describe('assignmentsOf', () => {
  it('sets only the fields that are not undefined, numbering parameters after the ones already there', () => {
    const values: unknown[] = ['the-id'];
    expect(assignmentsOf(COLUMNS, { name: 'Ada', publishedYear: undefined }, values)).toEqual(['name = $2']);
    expect(values).toEqual(['the-id', 'Ada']);
  });

  it('keeps null as a value to set (it clears the column) and names columns from the map only', () => {
    const values: unknown[] = [];
    expect(assignmentsOf(COLUMNS, { publishedYear: null, name: 'x' }, values)).toEqual([
      'name = $1',
      'published_year = $2',
    ]);
    expect(values).toEqual(['x', null]);
  });

  it('is empty when nothing is to be set', () => {
    expect(assignmentsOf(COLUMNS, {}, [])).toEqual([]);
  });
});
