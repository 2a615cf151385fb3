/**
 * Prints what a reliability test proved, as one greppable line (`RELIABILITY {...}`): docs/reliability.md
 * copies these figures from a real run.
 */
export function reportFigures(test: string, figures: Record<string, unknown>): void {
  console.log(`RELIABILITY ${JSON.stringify({ test, ...figures })}`);
}

/** Counts of `status code` keys, e.g. `{ "201": 3, "409 NO_COPY_AVAILABLE": 97 }`. */
export function statusCounts(responses: readonly { status: number; body?: unknown }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, body } of responses) {
    const key = status >= 400 ? `${status} ${(body as { code?: string } | undefined)?.code}` : String(status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
