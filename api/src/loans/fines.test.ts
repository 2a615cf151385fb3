import { describe, expect, it } from '@jest/globals';
import { fineCents, overdueDays } from './fines.js';

const rules = { fineCentsPerDay: 25, fineCapCents: 1000 };
const due = new Date('2026-03-01T12:00:00.000Z');
const hours = (count: number) => new Date(due.getTime() + count * 60 * 60 * 1000);

describe('fine computation', () => {
  it('charges nothing for a loan returned early or exactly on the due date', () => {
    expect(fineCents(due, hours(-48), rules)).toBe(0);
    expect(fineCents(due, due, rules)).toBe(0);
  });

  it('charges nothing until a whole day has passed since the due date', () => {
    expect(overdueDays(due, hours(23.99))).toBe(0);
    expect(fineCents(due, hours(23.99), rules)).toBe(0);
  });

  it('counts whole days past due, rounding a started day down', () => {
    expect(overdueDays(due, hours(24))).toBe(1);
    expect(overdueDays(due, hours(3 * 24 + 5))).toBe(3);
    expect(fineCents(due, hours(3 * 24 + 5), rules)).toBe(75);
  });

  it('caps the fine', () => {
    expect(fineCents(due, hours(39 * 24), rules)).toBe(975);
    expect(fineCents(due, hours(40 * 24), rules)).toBe(1000);
    expect(fineCents(due, hours(400 * 24), rules)).toBe(1000);
  });

  it('follows the configured rate and cap', () => {
    expect(fineCents(due, hours(10 * 24), { fineCentsPerDay: 10, fineCapCents: 50 })).toBe(50);
    expect(fineCents(due, hours(2 * 24), { fineCentsPerDay: 0, fineCapCents: 50 })).toBe(0);
  });
});
