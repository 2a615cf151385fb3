const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole days a loan was kept past its due date: every complete 24 hours counts, a started day does
 * not (returned 3 days and 5 hours late = 3 days). A loan returned on time or early has 0.
 */
export function overdueDays(dueAt: Date, returnedAt: Date): number {
  const lateMs = returnedAt.getTime() - dueAt.getTime();
  return lateMs <= 0 ? 0 : Math.floor(lateMs / DAY_MS);
}

/** The fine, in cents, for a loan returned at `returnedAt`: per overdue day, never above the cap (the loan's terms). */
export function fineCents(
  dueAt: Date,
  returnedAt: Date,
  rules: { readonly fineCentsPerDay: number; readonly fineCapCents: number },
): number {
  return Math.min(overdueDays(dueAt, returnedAt) * rules.fineCentsPerDay, rules.fineCapCents);
}
