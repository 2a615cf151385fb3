/**
 * A small typed model of Grafana Alloy's configuration language (blocks, attributes, expressions) and its
 * serializer. Alloy's syntax is not YAML, so configurations are built as these objects and rendered here.
 */

/** A raw Alloy expression, e.g. a component export `discovery.kubernetes.pods.targets`. */
export class AlloyExpr {
  constructor(readonly source: string) {}
}

export type AlloyValue =
  string | number | boolean | AlloyExpr | readonly AlloyValue[] | { readonly [key: string]: AlloyValue };

export interface AlloyBlock {
  /** Dotted block name, e.g. `loki.source.file` or `rule`. */
  readonly name: string;
  /** The component label: `"pods"` in `loki.source.file "pods" {…}`. */
  readonly label?: string;
  readonly attributes?: Readonly<Record<string, AlloyValue>>;
  readonly blocks?: readonly AlloyBlock[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A reference to another component's export. */
export function ref(path: string): AlloyExpr {
  if (!path.split('.').every((part) => IDENTIFIER.test(part))) {
    throw new Error(
      `'${path}' is not a valid Alloy reference; use dotted identifiers like 'loki.write.default.receiver'.`,
    );
  }
  return new AlloyExpr(path);
}

/** A function call with literal or expression arguments, e.g. `sys.env("HOSTNAME")`. */
export function call(fn: string, ...args: AlloyValue[]): AlloyExpr {
  return new AlloyExpr(`${ref(fn).source}(${args.map((arg) => renderValue(arg, '')).join(', ')})`);
}

/** String concatenation of values with `+`. */
export function concat(...parts: AlloyValue[]): AlloyExpr {
  return new AlloyExpr(parts.map((part) => renderValue(part, '')).join(' + '));
}

function renderValue(value: AlloyValue, indent: string): string {
  if (value instanceof AlloyExpr) return value.source;
  // Alloy strings share JSON's double-quoted form and escapes.
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Alloy numbers must be finite, got ${value}.`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => renderValue(item, indent)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, AlloyValue>);
  if (entries.length === 0) return '{}';
  const inner = indent + '  ';
  const lines = entries.map(
    ([key, item]) => `${inner}${IDENTIFIER.test(key) ? key : JSON.stringify(key)} = ${renderValue(item, inner)},`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function renderBlock(block: AlloyBlock, indent: string): string {
  if (!block.name.split('.').every((part) => IDENTIFIER.test(part))) {
    throw new Error(`Alloy block name '${block.name}' must be dotted identifiers.`);
  }
  const header = block.label === undefined ? block.name : `${block.name} ${JSON.stringify(block.label)}`;
  const inner = indent + '  ';
  const attributes = Object.entries(block.attributes ?? {}).map(([key, value]) => {
    if (!IDENTIFIER.test(key)) throw new Error(`Alloy attribute name '${key}' must be an identifier.`);
    return `${inner}${key} = ${renderValue(value, inner)}`;
  });
  const children = (block.blocks ?? []).map((child) => renderBlock(child, inner));
  const body = [...attributes, ...children];
  return body.length === 0 ? `${indent}${header} {}` : `${indent}${header} {\n${body.join('\n')}\n${indent}}`;
}

/** Renders a whole configuration file: top-level blocks separated by blank lines. */
export function renderAlloy(blocks: readonly AlloyBlock[]): string {
  return blocks.map((block) => renderBlock(block, '')).join('\n\n') + '\n';
}
