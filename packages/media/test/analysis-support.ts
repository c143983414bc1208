import { expect } from 'vitest';

/** Asserts |actual − expected| ≤ tolerance, printing actual, expected, the difference and the tolerance. */
export function expectClose(actual: number, expected: number, tolerance: number, label = 'value'): void {
  const diff = Math.abs(actual - expected);
  const ok = actual === expected || (Number.isFinite(diff) && diff <= tolerance);
  const message = `${label}: actual ${actual}, expected ${expected}, |diff| ${diff}, tolerance ${tolerance}`;
  expect(ok, message).toBe(true);
}
