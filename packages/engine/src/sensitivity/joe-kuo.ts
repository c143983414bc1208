/**
 * Direction numbers for Sobol's sequence from S. Joe and F. Y. Kuo, "Constructing Sobol
 * sequences with better two-dimensional projections", SIAM J. Sci. Comput. 30 (2008)
 * 2635–2654, file new-joe-kuo-6.21201 (https://web.maths.unsw.edu.au/~fkuo/sobol/, BSD
 * licence): dimensions 2 to 65, one row each as [s, a, m_1, …, m_s], where s is the degree of
 * the primitive polynomial, a encodes its inner coefficients and m_k are the initial direction
 * numbers. Dimension 1 (van der Corput) needs none. 65 dimensions carry a Saltelli design of
 * up to 32 assumptions (A and B side by side).
 */
const rows: readonly (readonly number[])[] = [
  [1, 0, 1], // dimension 2
  [2, 1, 1, 3], // dimension 3
  [3, 1, 1, 3, 1], // dimension 4
  [3, 2, 1, 1, 1], // dimension 5
  [4, 1, 1, 1, 3, 3], // dimension 6
  [4, 4, 1, 3, 5, 13], // dimension 7
  [5, 2, 1, 1, 5, 5, 17], // dimension 8
  [5, 4, 1, 1, 5, 5, 5], // dimension 9
  [5, 7, 1, 1, 7, 11, 19], // dimension 10
  [5, 11, 1, 1, 5, 1, 1], // dimension 11
  [5, 13, 1, 1, 1, 3, 11], // dimension 12
  [5, 14, 1, 3, 5, 5, 31], // dimension 13
  [6, 1, 1, 3, 3, 9, 7, 49], // dimension 14
  [6, 13, 1, 1, 1, 15, 21, 21], // dimension 15
  [6, 16, 1, 3, 1, 13, 27, 49], // dimension 16
  [6, 19, 1, 1, 1, 15, 7, 5], // dimension 17
  [6, 22, 1, 3, 1, 15, 13, 25], // dimension 18
  [6, 25, 1, 1, 5, 5, 19, 61], // dimension 19
  [7, 1, 1, 3, 7, 11, 23, 15, 103], // dimension 20
  [7, 4, 1, 3, 7, 13, 13, 15, 69], // dimension 21
  [7, 7, 1, 1, 3, 13, 7, 35, 63], // dimension 22
  [7, 8, 1, 3, 5, 9, 1, 25, 53], // dimension 23
  [7, 14, 1, 3, 1, 13, 9, 35, 107], // dimension 24
  [7, 19, 1, 3, 1, 5, 27, 61, 31], // dimension 25
  [7, 21, 1, 1, 5, 11, 19, 41, 61], // dimension 26
  [7, 28, 1, 3, 5, 3, 3, 13, 69], // dimension 27
  [7, 31, 1, 1, 7, 13, 1, 19, 1], // dimension 28
  [7, 32, 1, 3, 7, 5, 13, 19, 59], // dimension 29
  [7, 37, 1, 1, 3, 9, 25, 29, 41], // dimension 30
  [7, 41, 1, 3, 5, 13, 23, 1, 55], // dimension 31
  [7, 42, 1, 3, 7, 3, 13, 59, 17], // dimension 32
  [7, 50, 1, 3, 1, 3, 5, 53, 69], // dimension 33
  [7, 55, 1, 1, 5, 5, 23, 33, 13], // dimension 34
  [7, 56, 1, 1, 7, 7, 1, 61, 123], // dimension 35
  [7, 59, 1, 1, 7, 9, 13, 61, 49], // dimension 36
  [7, 62, 1, 3, 3, 5, 3, 55, 33], // dimension 37
  [8, 14, 1, 3, 1, 15, 31, 13, 49, 245], // dimension 38
  [8, 21, 1, 3, 5, 15, 31, 59, 63, 97], // dimension 39
  [8, 22, 1, 3, 1, 11, 11, 11, 77, 249], // dimension 40
  [8, 38, 1, 3, 1, 11, 27, 43, 71, 9], // dimension 41
  [8, 47, 1, 1, 7, 15, 21, 11, 81, 45], // dimension 42
  [8, 49, 1, 3, 7, 3, 25, 31, 65, 79], // dimension 43
  [8, 50, 1, 3, 1, 1, 19, 11, 3, 205], // dimension 44
  [8, 52, 1, 1, 5, 9, 19, 21, 29, 157], // dimension 45
  [8, 56, 1, 3, 7, 11, 1, 33, 89, 185], // dimension 46
  [8, 67, 1, 3, 3, 3, 15, 9, 79, 71], // dimension 47
  [8, 70, 1, 3, 7, 11, 15, 39, 119, 27], // dimension 48
  [8, 84, 1, 1, 3, 1, 11, 31, 97, 225], // dimension 49
  [8, 97, 1, 1, 1, 3, 23, 43, 57, 177], // dimension 50
  [8, 103, 1, 3, 7, 7, 17, 17, 37, 71], // dimension 51
  [8, 115, 1, 3, 1, 5, 27, 63, 123, 213], // dimension 52
  [8, 122, 1, 1, 3, 5, 11, 43, 53, 133], // dimension 53
  [9, 8, 1, 3, 5, 5, 29, 17, 47, 173, 479], // dimension 54
  [9, 13, 1, 3, 3, 11, 3, 1, 109, 9, 69], // dimension 55
  [9, 16, 1, 1, 1, 5, 17, 39, 23, 5, 343], // dimension 56
  [9, 22, 1, 3, 1, 5, 25, 15, 31, 103, 499], // dimension 57
  [9, 25, 1, 1, 1, 11, 11, 17, 63, 105, 183], // dimension 58
  [9, 44, 1, 1, 5, 11, 9, 29, 97, 231, 363], // dimension 59
  [9, 47, 1, 1, 5, 15, 19, 45, 41, 7, 383], // dimension 60
  [9, 52, 1, 3, 7, 7, 31, 19, 83, 137, 221], // dimension 61
  [9, 55, 1, 1, 1, 3, 23, 15, 111, 223, 83], // dimension 62
  [9, 59, 1, 1, 5, 13, 31, 15, 55, 25, 161], // dimension 63
  [9, 62, 1, 1, 3, 13, 25, 47, 39, 87, 257], // dimension 64
  [9, 67, 1, 1, 1, 11, 21, 53, 125, 249, 293], // dimension 65
];

export interface DirectionRow {
  readonly s: number;
  readonly a: number;
  readonly m: readonly number[];
}

/** The rows for dimensions 2, 3, …, 65 in order. */
export function joeKuoDirections(): DirectionRow[] {
  return rows.map(([s, a, ...m]) => ({ s, a, m }));
}
