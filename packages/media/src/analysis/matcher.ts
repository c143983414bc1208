import { CharClass, charClass, stringToUnits } from './normalise.js';

export interface PatternSpec {
  /** Normalised pattern text. */
  pattern: string;
  /** A stem may be followed by more word characters. */
  stem: boolean;
}

export interface RawMatch {
  /** Index of the pattern in the list given to the constructor. */
  pattern: number;
  /** UTF-16 offsets into the normalised text, end exclusive. */
  start: number;
  end: number;
}

/** Arabic proclitics (conjunctions, prepositions, the article) written joined to the next word. */
const arabicProclitics = new Set(['و', 'ف', 'ب', 'ل', 'ك', 'ال', 'وال', 'بال', 'فال', 'كال', 'وب', 'ول', 'فب', 'فل', 'وك', 'لل', 'ولل']);

function isArabicLetter(code: number): boolean {
  return code >= 0x0600 && code <= 0x06ff;
}

/**
 * Aho–Corasick automaton over UTF-16 units, built once, matching every pattern in one pass
 * (Aho & Corasick 1975: goto, failure and dictionary-suffix links).
 *
 * Word boundaries are checked per match with a Unicode-aware test: a pattern that starts
 * (ends) with a letter of a script written with spaces needs a non-word character or the
 * text edge before (after) it, so Turkish "çin" is not found inside "için". Patterns in
 * Han, kana, Thai, Lao, Khmer and Myanmar need no boundary (一带一路 is found in running
 * text without segmentation). An Arabic pattern may follow a joined proclitic (والصين).
 * A stem needs no boundary at its end.
 */
export class AhoCorasick {
  readonly patterns: readonly PatternSpec[];
  private readonly rootNext = new Int32Array(65536).fill(-1);
  private readonly next: Array<Map<number, number> | null> = [null];
  private readonly fail: number[] = [0];
  private readonly output: number[] = [-1];
  private readonly dictLink: number[] = [-1];
  private readonly depth: number[] = [0];
  /** Per node, the first node of its output chain (itself or its dictionary-suffix link), or −1. */
  private reports: Int32Array = new Int32Array(0);
  private readonly needLeft: boolean[];
  private readonly needRight: boolean[];
  private readonly arabicStart: boolean[];
  /**
   * Full transition table (goto with failures folded in) for ASCII input: node × column,
   * where `asciiColumn` maps the ASCII units found in some pattern to columns 1… and every
   * other ASCII unit to column 0 (back to the root). Narrow rows keep the table in cache.
   */
  private ascii: Int32Array = new Int32Array(0);
  private asciiColumn: Uint8Array = new Uint8Array(128);
  private asciiColumns = 1;

  constructor(patterns: readonly PatternSpec[]) {
    this.patterns = patterns;
    this.needLeft = patterns.map((p) => p.pattern.length > 0 && charClass(p.pattern.charCodeAt(0)) === CharClass.Word);
    this.needRight = patterns.map((p) => !p.stem && p.pattern.length > 0 && charClass(p.pattern.charCodeAt(p.pattern.length - 1)) === CharClass.Word);
    this.arabicStart = patterns.map((p) => p.pattern.length > 0 && isArabicLetter(p.pattern.charCodeAt(0)));
    patterns.forEach((p, index) => this.insert(p.pattern, index));
    this.link();
  }

  private child(node: number, code: number): number {
    if (node === 0) return this.rootNext[code];
    return this.next[node]?.get(code) ?? -1;
  }

  private insert(pattern: string, index: number): void {
    if (pattern.length === 0) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const code = pattern.charCodeAt(i);
      let to = this.child(node, code);
      if (to < 0) {
        to = this.fail.length;
        this.next.push(null);
        this.fail.push(0);
        this.output.push(-1);
        this.dictLink.push(-1);
        this.depth.push(this.depth[node] + 1);
        if (node === 0) this.rootNext[code] = to;
        else {
          let m = this.next[node];
          if (!m) {
            m = new Map();
            this.next[node] = m;
          }
          m.set(code, to);
        }
      }
      node = to;
    }
    if (this.output[node] < 0) this.output[node] = index;
  }

  private link(): void {
    const queue: number[] = [0];
    for (let c = 0; c < 65536; c++) {
      const to = this.rootNext[c];
      if (to > 0) {
        this.fail[to] = 0;
        queue.push(to);
      }
    }
    for (let q = 1; q < queue.length; q++) {
      const node = queue[q];
      const m = this.next[node];
      if (!m) continue;
      for (const [code, to] of m) {
        let f = this.fail[node];
        let target = this.child(f, code);
        while (target < 0 && f !== 0) {
          f = this.fail[f];
          target = this.child(f, code);
        }
        this.fail[to] = target > 0 && target !== to ? target : 0;
        const ft = this.fail[to];
        this.dictLink[to] = this.output[ft] >= 0 ? ft : this.dictLink[ft];
        queue.push(to);
      }
    }
    const column = new Uint8Array(128);
    const used: number[] = [];
    for (const { pattern } of this.patterns) {
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern.charCodeAt(i);
        if (c < 128 && column[c] === 0) {
          used.push(c);
          column[c] = used.length;
        }
      }
    }
    const columns = used.length + 1;
    const ascii = new Int32Array(this.fail.length * columns);
    // breadth-first order: a node's failure target is filled in before the node itself
    for (const node of queue) {
      // column 0 stays 0: a unit in no pattern leads back to the root from every node
      for (let k = 1; k < columns; k++) {
        const to = this.child(node, used[k - 1]);
        ascii[node * columns + k] = to >= 0 ? to : node === 0 ? 0 : ascii[this.fail[node] * columns + k];
      }
    }
    this.asciiColumn = column;
    this.asciiColumns = columns;
    this.ascii = ascii;
    this.reports = Int32Array.from(this.output, (o, node) => (node === 0 ? -1 : o >= 0 ? node : this.dictLink[node]));
  }

  private leftOk(text: Uint16Array, start: number, index: number): boolean {
    if (!this.needLeft[index] || start === 0) return true;
    if (charClass(text[start - 1]) === CharClass.Other) return true;
    if (!this.arabicStart[index]) return false;
    let s = start;
    while (s > 0 && isArabicLetter(text[s - 1]) && charClass(text[s - 1]) !== CharClass.Other) s--;
    if (s > 0 && charClass(text[s - 1]) !== CharClass.Other) return false;
    return arabicProclitics.has(String.fromCharCode(...text.subarray(s, start)));
  }

  private rightOk(text: Uint16Array, length: number, end: number, index: number): boolean {
    if (!this.needRight[index] || end === length) return true;
    return charClass(text[end]) === CharClass.Other;
  }

  /** Every boundary-respecting occurrence of every pattern, overlaps included, in order of end. */
  findAll(text: string): RawMatch[] {
    return this.findAllUnits(stringToUnits(text), text.length);
  }

  /** `findAll` over the UTF-16 units `units[0, length)` of a typed array. */
  findAllUnits(units: Uint16Array, length: number): RawMatch[] {
    const found: RawMatch[] = [];
    const rootNext = this.rootNext;
    const next = this.next;
    const fail = this.fail;
    const ascii = this.ascii;
    const asciiColumn = this.asciiColumn;
    const columns = this.asciiColumns;
    const reports = this.reports;
    let node = 0;
    for (let i = 0; i < length; i++) {
      const code = units[i];
      if (code < 128) node = ascii[node * columns + asciiColumn[code]];
      else {
        let to: number;
        for (;;) {
          to = node === 0 ? rootNext[code] : (next[node]?.get(code) ?? -1);
          if (to >= 0 || node === 0) break;
          node = fail[node];
        }
        node = to < 0 ? 0 : to;
      }
      let o = reports[node];
      while (o >= 0) {
        const index = this.output[o];
        const end = i + 1;
        const start = end - this.depth[o];
        if (this.leftOk(units, start, index) && this.rightOk(units, length, end, index)) found.push({ pattern: index, start, end });
        o = this.dictLink[o];
      }
    }
    return found;
  }
}

/** Keeps the leftmost-longest matches that do not overlap (a longer term hides the shorter ones inside it). */
export function leftmostLongest(matches: RawMatch[]): RawMatch[] {
  const sorted = matches.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RawMatch[] = [];
  let lastEnd = -1;
  for (const m of sorted) {
    if (m.start >= lastEnd) {
      kept.push(m);
      lastEnd = m.end;
    }
  }
  return kept;
}
