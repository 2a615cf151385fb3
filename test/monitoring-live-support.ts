import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { parser } from '@prometheus-io/lezer-promql';

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Child processes started by a test, stopped together (each by its own pid). */
export class Processes {
  private readonly children: { name: string; child: ChildProcess; stderr: string[] }[] = [];

  start(name: string, command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk.toString());
      if (stderr.length > 200) stderr.shift();
    });
    this.children.push({ name, child, stderr });
    return child;
  }

  /** The last lines a process wrote on stderr, for failure messages. */
  tail(name: string): string {
    return (this.children.find((c) => c.name === name)?.stderr ?? []).join('').slice(-2000);
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.children.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
  }
}

export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

const COMPARISONS = new Set(['Eql', 'Neq', 'Gtr', 'Lss', 'Gte', 'Lte']);
const SET_OPERATORS = new Set(['And', 'Unless']);

/**
 * The parts of an alert expression that measure something: the threshold comparison is removed, so the
 * parts return series whether or not the alert fires. `a / b < 0.1 and c == 0` gives `a / b` and `c`.
 */
export function measuredParts(expr: string): string[] {
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const visit = (node: SyntaxNode): string[] => {
    if (node.name === 'ParenExpr' && node.firstChild && node.firstChild === node.lastChild)
      return visit(node.firstChild);
    if (node.name !== 'BinaryExpr') return [text(node)];
    const children: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    const lhs = children[0];
    const rhs = children[children.length - 1];
    const op = children.find((c) => COMPARISONS.has(c.name) || SET_OPERATORS.has(c.name) || c.name === 'Or');
    if (!op) return [text(node)];
    if (SET_OPERATORS.has(op.name)) return [...visit(lhs), ...visit(rhs)];
    if (COMPARISONS.has(op.name)) {
      return rhs.name === 'NumberDurationLiteral' ? visit(lhs) : [...visit(lhs), ...visit(rhs)];
    }
    return [text(node)];
  };
  const top = parser.parse(expr).topNode.firstChild;
  return top ? visit(top) : [];
}

/** Every vector selector of an expression: its metric name and its `job` matcher, if any. */
export function selectors(expr: string): { metric: string; job?: string }[] {
  const found: { metric: string; job?: string }[] = [];
  parser.parse(expr).iterate({
    enter: (ref) => {
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const metric = node.getChild('Identifier');
      let job: string | undefined;
      const matchers = node.getChild('LabelMatchers');
      for (let m = matchers?.firstChild; m; m = m.nextSibling) {
        const label = m.getChild('LabelName');
        if (label && expr.slice(label.from, label.to) === 'job') {
          const value = m.getChild('StringLiteral');
          if (value) job = JSON.parse(expr.slice(value.from, value.to)) as string;
        }
      }
      found.push({ metric: metric ? expr.slice(metric.from, metric.to) : '', job });
    },
  });
  return found;
}
