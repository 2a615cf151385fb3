import { cpus, loadavg, totalmem } from 'node:os';

/** Where and when a run happened: numbers from different machines are not comparable. */
export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly date: string;
  /** 1-minute load average when the run started: a busy shared machine explains noisy figures. */
  readonly loadAverageAtStart: number;
}

export function describeMachine(now: Date = new Date()): Machine {
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: now.toISOString(),
    loadAverageAtStart: Math.round(loadavg()[0] * 100) / 100,
  };
}
