/**
 * Sentence boundaries of normalised text: after 。！？ (and their ASCII forms !?), the
 * Arabic question mark ؟, the Urdu full stop ۔, the Devanagari danda ।, the ellipsis …, a
 * paragraph break, and a full stop followed by a space, a closing quote or the end. Decimal
 * points (3.5) and dots inside words (xinhua.net) do not end a sentence.
 *
 * @returns ascending start offsets of the sentences; the first is 0.
 * @example
 * sentenceStarts('中国很大。我们去吧！ok') // → Int32Array [0, 5, 10]
 */
export function sentenceStarts(text: string): Int32Array {
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let end = false;
    if (c === 0x3002 || c === 0x21 || c === 0x3f || c === 0x061f || c === 0x06d4 || c === 0x0964 || c === 0x2026 || c === 0x0a || c === 0xff61 || c === 0xff01 || c === 0xff1f) end = true;
    else if (c === 0x2e) {
      const n = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
      end = n === -1 || n === 0x20 || n === 0x0a || ((n === 0x22 || n === 0x27 || n === 0x29) && (i + 2 >= text.length || text.charCodeAt(i + 2) === 0x20));
    }
    if (!end) continue;
    let j = i + 1;
    while (j < text.length) {
      const n = text.charCodeAt(j);
      if (n === 0x20 || n === 0x0a || n === 0x22 || n === 0x27 || n === 0x29 || n === 0x3002 || n === 0x21 || n === 0x3f || n === 0x2e || n === 0x201d || n === 0xff01 || n === 0xff1f) j++;
      else break;
    }
    if (j < text.length && j > starts[starts.length - 1]) starts.push(j);
    i = j - 1;
  }
  return Int32Array.from(starts);
}

/** The index of the sentence holding `offset` (binary search over `sentenceStarts`). */
export function sentenceOf(starts: Int32Array, offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
