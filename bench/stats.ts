/** A repeated measurement summarized: the median and the spread around it. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** How many samples were taken. */
  readonly samples: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values: take at least one sample.');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), samples: values.length };
}

/** Rounds to `digits` decimals (numbers in reports, not in computations). */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Runs `measure` `times` times, one after the other, and summarizes the results. */
export async function repeat(times: number, measure: (index: number) => Promise<number>): Promise<Summary> {
  const values: number[] = [];
  for (let index = 0; index < times; index++) values.push(await measure(index));
  return summarize(values);
}
