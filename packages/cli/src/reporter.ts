import { formatProblem, type Problem } from '@softpower/engine';

/** Where the CLI writes: results to stdout, diagnostics to stderr. */
export interface Reporter {
  out(text: string): void;
  info(text: string): void;
  warning(problem: Problem): void;
  error(problem: Problem): void;
}

export function consoleReporter(stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Reporter {
  return {
    out: (text) => stdout.write(text + '\n'),
    info: (text) => stderr.write(text + '\n'),
    warning: (p) => stderr.write(formatProblem(p) + '\n'),
    error: (p) => stderr.write(formatProblem(p) + '\n'),
  };
}
