import { cpus, totalmem } from 'node:os';

/** One line describing the machine a benchmark ran on. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

/** Median of repeated timings in milliseconds. */
export function medianMs(samples: number[]): number {
  const s = samples.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times `fn` after `warmup` calls, `runs` times; returns the samples in milliseconds. */
export function time(fn: () => void, runs: number, warmup = 20): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}
