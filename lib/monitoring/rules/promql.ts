/** Building blocks of PromQL expressions, with label values escaped. */

/** An instant-vector selector, `metric{label="value",…}`, with values escaped. */
export function selector(metric: string, matchers: Readonly<Record<string, string>> = {}): string {
  const parts = Object.entries(matchers).map(([label, value]) => {
    const [op, raw] =
      value.startsWith('=~') || value.startsWith('!=') || value.startsWith('!~')
        ? [value.slice(0, 2), value.slice(2)]
        : ['=', value];
    return `${label}${op}${JSON.stringify(raw)}`;
  });
  return parts.length > 0 ? `${metric}{${parts.join(',')}}` : metric;
}
