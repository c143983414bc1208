import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';
import { joeKuoDirections } from './joe-kuo.js';

/**
 * Sampling for uncertainty and sensitivity analysis: a seeded uniform generator whose stream
 * is a pure function of (seed, stream labels), Sobol's low-discrepancy sequence, and
 * Saltelli's A/B/AB_i design as COINr's `SA_sample`.
 */

/** A seeded source of uniform numbers, passed in wherever randomness is needed. */
export interface Random {
  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** A uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number;
}

/** MurmurHash3's 32-bit finaliser: a bijective mix of all input bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`random: the seed must be a non-negative safe integer, got ${seed}`);
}

class XoroshiroRandom implements Random {
  constructor(private readonly generator: RandomGenerator) {}

  nextDouble(): number {
    const high = this.generator.unsafeNext() >>> 5;
    const low = this.generator.unsafeNext() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  nextInt(n: number): number {
    return unsafeUniformIntDistribution(0, n - 1, this.generator);
  }
}

/**
 * A generator for one stream: the state of pure-rand's xoroshiro128+ is derived by hashing the
 * seed and the stream labels (e.g. the replication number), so stream i can be produced
 * without producing streams 0..i-1, and a chunk of replications run on any worker draws the
 * same numbers.
 *
 * @example seededRandom(42, 7).nextDouble() // the same number on every machine and run
 */
export function seededRandom(seed: number, ...stream: number[]): Random {
  checkSeed(seed);
  // Two hash lanes with different keys give a 64-bit digest of (seed, stream labels), which
  // seeds the four 32-bit words of xoroshiro128+'s state.
  const words = [seed % 4294967296, Math.floor(seed / 4294967296)];
  for (const label of stream) {
    if (!Number.isSafeInteger(label) || label < 0) throw new RangeError(`random: stream labels must be non-negative safe integers, got ${label}`);
    words.push(label % 4294967296, Math.floor(label / 4294967296));
  }
  let h1 = 0x9e3779b9;
  let h2 = 0x7f4a7c15;
  for (const w of words) {
    h1 = fmix32(Math.imul(h1 ^ w, 0x01000193) + 0x6a09e667);
    h2 = fmix32(Math.imul(h2 + w, 0x85ebca77) ^ 0xbb67ae85);
  }
  const state = [fmix32(h1 ^ 0x243f6a88) | 0, fmix32(h2 ^ 0x85a308d3) | 0, fmix32(h1 + h2 + 0x13198a2e) | 0, fmix32((h1 ^ h2) + 0x03707344) | 0];
  if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) state[0] = 1;
  const generator = xoroshiro128plus.fromState(state);
  for (let i = 0; i < 8; i++) generator.unsafeNext();
  return new XoroshiroRandom(generator);
}

/** How the unit hypercube is sampled: pseudo-random (seeded) or Sobol's quasi-random sequence. */
export type Sampling = 'random' | 'sobol';

/** Sobol direction numbers V[dimension][bit], 32 bits, dimension 0 = van der Corput. */
let directions: Uint32Array[] | undefined;

function sobolDirections(): Uint32Array[] {
  if (directions) return directions;
  const all = [Uint32Array.from({ length: 32 }, (_, k) => 2 ** (31 - k))];
  for (const { s, a, m } of joeKuoDirections()) {
    const v = new Uint32Array(32);
    for (let k = 0; k < 32; k++) {
      if (k < s) {
        v[k] = (m[k] * 2 ** (31 - k)) >>> 0;
        continue;
      }
      // Bratley & Fox (1988) recurrence as Joe & Kuo state it: the inner coefficients of the
      // primitive polynomial are the bits of a, most significant first.
      let x = v[k - s] ^ (v[k - s] >>> s);
      for (let j = 1; j < s; j++) if ((a >>> (s - 1 - j)) & 1) x ^= v[k - j];
      v[k] = x >>> 0;
    }
    all.push(v);
  }
  directions = all;
  return all;
}

/** The number of dimensions the shipped direction numbers cover. */
export function sobolMaxDimension(): number {
  return sobolDirections().length;
}

/**
 * Point `index` of Sobol's sequence in `dimensions` dimensions, in Gray-code order (the order
 * of Joe & Kuo's reference generator and SciPy's unscrambled `qmc.Sobol`), written into `out`.
 * Any point can be computed directly, so chunks of a design can be run anywhere.
 *
 * @example sobolPoint(2, 2) // Float64Array [0.75, 0.25]
 */
export function sobolPoint(index: number, dimensions: number, out: Float64Array = new Float64Array(dimensions)): Float64Array {
  const v = sobolDirections();
  if (dimensions > v.length) throw new RangeError(`sobol: ${dimensions} dimensions asked for; the direction numbers shipped cover ${v.length}`);
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** 32) throw new RangeError(`sobol: no point at index ${index}`);
  const gray = (index ^ Math.floor(index / 2)) >>> 0;
  for (let d = 0; d < dimensions; d++) {
    const vd = v[d];
    let x = 0;
    for (let k = 0, g = gray; g > 0; k++, g >>>= 1) if (g & 1) x ^= vd[k];
    out[d] = (x >>> 0) / 4294967296;
  }
  return out;
}

/**
 * Row `row` of a plain Monte Carlo sample of the unit hypercube for uncertainty analysis:
 * stream `row` of the seeded generator (random), or Sobol point `row + 1` (the all-zero first
 * point is skipped).
 */
export function uncertaintyRow(row: number, dimensions: number, seed: number, sampling: Sampling, out: Float64Array = new Float64Array(dimensions)): Float64Array {
  if (sampling === 'sobol') return sobolPoint(row + 1, dimensions, out);
  const random = seededRandom(seed, 0, row);
  for (let d = 0; d < dimensions; d++) out[d] = random.nextDouble();
  return out;
}

/**
 * The pair (A_j, B_j) of base sample j of Saltelli's design: 2d uniforms from stream j of the
 * seeded generator, or Sobol point j + 1 in 2d dimensions, A_j being the first d coordinates
 * and B_j the last d (as COINr's `SA_sample`, which splits one N × 2d uniform matrix).
 */
export function saltelliBase(j: number, dimensions: number, seed: number, sampling: Sampling, out: Float64Array = new Float64Array(2 * dimensions)): Float64Array {
  if (sampling === 'sobol') return sobolPoint(j + 1, 2 * dimensions, out);
  const random = seededRandom(seed, 1, j);
  for (let d = 0; d < 2 * dimensions; d++) out[d] = random.nextDouble();
  return out;
}

/** Which block of Saltelli's design a run belongs to: A, B or AB_i (i = 0..d-1), and its base row. */
export function saltelliRunOf(run: number, n: number): { block: 'A' | 'B' | 'AB'; column: number; base: number } {
  const block = Math.floor(run / n);
  const base = run - block * n;
  if (block === 0) return { block: 'A', column: -1, base };
  if (block === 1) return { block: 'B', column: -1, base };
  return { block: 'AB', column: block - 2, base };
}

/**
 * Run `run` of Saltelli's design with N(d + 2) runs, in COINr's order: rows 0..N-1 are A,
 * N..2N-1 are B, then for i = 1..d the N rows of AB_i (A with column i taken from B).
 * Written into `out`; `scratch` (length 2d) may be passed to avoid allocation.
 *
 * @example saltelliRun(0, 10, 3, 42, 'random') // A_0, three uniforms
 */
export function saltelliRun(
  run: number,
  n: number,
  dimensions: number,
  seed: number,
  sampling: Sampling,
  out: Float64Array = new Float64Array(dimensions),
  scratch: Float64Array = new Float64Array(2 * dimensions),
): Float64Array {
  if (!Number.isInteger(run) || run < 0 || run >= n * (dimensions + 2)) throw new RangeError(`saltelli: run ${run} is outside the design of ${n * (dimensions + 2)} runs`);
  const { block, column, base } = saltelliRunOf(run, n);
  saltelliBase(base, dimensions, seed, sampling, scratch);
  for (let d = 0; d < dimensions; d++) out[d] = block === 'B' ? scratch[dimensions + d] : scratch[d];
  if (block === 'AB') out[column] = scratch[dimensions + column];
  return out;
}

/** The whole design as an N(d + 2) × d row-major matrix (for tests and small problems). */
export function saltelliDesign(n: number, dimensions: number, seed: number, sampling: Sampling = 'random'): Float64Array {
  const runs = n * (dimensions + 2);
  const matrix = new Float64Array(runs * dimensions);
  const row = new Float64Array(dimensions);
  const scratch = new Float64Array(2 * dimensions);
  for (let r = 0; r < runs; r++) {
    saltelliRun(r, n, dimensions, seed, sampling, row, scratch);
    matrix.set(row, r * dimensions);
  }
  return matrix;
}
