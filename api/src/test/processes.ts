import { readdirSync, readFileSync } from 'node:fs';

/** The direct children of a process, from /proc (PostgreSQL forks one backend per connection). */
export function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parentOf(Number(entry)) === parent) pids.push(Number(entry));
    } catch {
      // The process ended while we were reading.
    }
  }
  return pids;
}

/** Fields of /proc/PID/stat after the command name (which may itself contain spaces or parentheses). */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function parentOf(pid: number): number {
  return Number(statFields(pid)[1]);
}

export function isZombie(pid: number): boolean {
  try {
    return statFields(pid)[0] === 'Z';
  } catch {
    return true;
  }
}
