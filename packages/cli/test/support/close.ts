import { expect } from 'vitest';

export interface Tolerance {
  /** Relative tolerance, |a - e| <= rel * max(|e|, tiny). Default 1e-9. */
  rel?: number;
  /** Absolute tolerance, used where the expected value is 0. Default 1e-12. */
  abs?: number;
}

function describeMismatch(label: string, actual: number, expected: number, tol: Required<Tolerance>): string | null {
  const bothMissing = Number.isNaN(actual) && Number.isNaN(expected);
  if (bothMissing) return null;
  if (actual === expected) return null;
  const diff = Math.abs(actual - expected);
  const allowed = Math.max(tol.abs, tol.rel * Math.abs(expected));
  if (diff <= allowed && Number.isFinite(diff)) return null;
  return `${label}: actual ${actual}, expected ${expected}, |diff| ${diff}, tolerance ${allowed} (rel ${tol.rel}, abs ${tol.abs})`;
}

/** Asserts |actual - expected| within tolerance, printing actual, expected, difference and tolerance. */
export function expectClose(actual: number, expected: number, tolerance: Tolerance = {}, label = 'value'): void {
  const tol = { rel: tolerance.rel ?? 1e-9, abs: tolerance.abs ?? 1e-12 };
  const problem = describeMismatch(label, actual, expected, tol);
  expect(problem, problem ?? '').toBeNull();
}

/**
 * Compares two arrays cell by cell and reports every mismatch at once (up to 20 lines).
 * NaN matches NaN (a missing value must stay missing).
 */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance = {},
  labels?: readonly string[],
): void {
  const tol = { rel: tolerance.rel ?? 1e-9, abs: tolerance.abs ?? 1e-12 };
  expect(actual.length, 'length').toBe(expected.length);
  const problems: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const p = describeMismatch(labels?.[i] ?? `[${i}]`, actual[i], expected[i], tol);
    if (p) problems.push(p);
  }
  expect(problems.slice(0, 20).join('\n'), `${problems.length} mismatches`).toBe('');
}
