import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the first stdout line that matches. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

/** Runs a TypeScript file (or a .mjs script) in a child Node process with tsx. */
export function runChild(script: string | URL, args: string[] = []): Child {
  const path = script instanceof URL ? fileURLToPath(script) : script;
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Child = {
    process: child,
    stdout: '',
    stderr: '',
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = out.stdout.split('\n').find((l) => pattern.test(l));
          if (found !== undefined) {
            child.stdout.off('data', check);
            resolve(found);
          }
        };
        child.stdout.on('data', check);
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${pattern}: ${out.stderr.slice(-2000)}`)));
        check();
      }),
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
  };
  child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
  return out;
}
