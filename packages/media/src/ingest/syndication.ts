import type { Article } from './article.js';
import { normaliseText } from './article.js';

/** Why an article was taken for a copy of an earlier one. */
export type SyndicationReason = 'canonical-url' | 'content-hash' | 'near-duplicate';

export interface SyndicationMatch {
  /** Id of the earliest article seen with this content. */
  of: string;
  reason: SyndicationReason;
  /** Estimated Jaccard similarity of the shingle sets (1 for URL and hash matches). */
  similarity: number;
}

export interface SyndicationOptions {
  /** MinHash signature length; default 128. */
  permutations?: number;
  /** LSH bands; `permutations` must be a multiple. Default 16 (8 rows a band, candidate threshold ≈ (1/16)^(1/8) ≈ 0.71). */
  bands?: number;
  /** Estimated Jaccard similarity from which two texts are copies; default 0.8. */
  threshold?: number;
  /** Tokens per shingle; default 4. */
  shingleSize?: number;
  /** Texts with fewer tokens are only compared by hash (short texts share too many shingles by chance); default 30. */
  minTokens?: number;
  /** Seeded generator of uniform numbers in [0, 1) for the hash seeds; default: a fixed-seed generator. */
  random?: () => number;
}

/** A seeded 32-bit generator (mulberry32), for reproducible MinHash seeds. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Word tokens; each Han, Hiragana, Katakana or Thai character is a token of its own. */
export function shingleTokens(text: string): string[] {
  return normaliseText(text).match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]|[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: each seed gives one hash function. */
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** MinHash signature of a text over word `shingleSize`-grams; null when the text is too short. */
export function minHashSignature(text: string, seeds: Uint32Array, shingleSize: number, minTokens: number): Uint32Array | null {
  const tokens = shingleTokens(text);
  if (tokens.length < minTokens) return null;
  const shingles = new Set<number>();
  for (let i = 0; i + shingleSize <= tokens.length; i++) shingles.add(fnv1a(tokens.slice(i, i + shingleSize).join(' ')));
  const signature = new Uint32Array(seeds.length).fill(0xffffffff);
  for (const s of shingles) {
    for (let k = 0; k < seeds.length; k++) {
      const h = mix(s, seeds[k]);
      if (h < signature[k]) signature[k] = h;
    }
  }
  return signature;
}

/** Share of equal positions of two signatures: the MinHash estimate of Jaccard similarity. */
export function signatureSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Finds syndicated copies among articles: same canonical URL, same content hash, or
 * near-duplicate text — shingled MinHash with LSH banding, confirmed when the estimated
 * Jaccard similarity of word 4-gram sets is at least 0.8 (Broder 1997; Leskovec, Rajaraman &
 * Ullman, *Mining of Massive Datasets*, ch. 3).
 *
 * @example
 * const index = new SyndicationIndex();
 * index.add(original) // null
 * index.add(copyWithNewHeadline) // { of: original.id, reason: 'near-duplicate', similarity: 0.9 }
 */
export class SyndicationIndex {
  private readonly seeds: Uint32Array;
  private readonly bands: number;
  private readonly rows: number;
  private readonly threshold: number;
  private readonly shingleSize: number;
  private readonly minTokens: number;
  private readonly byUrl = new Map<string, string>();
  private readonly byHash = new Map<string, string>();
  private readonly buckets = new Map<string, string[]>();
  private readonly signatures = new Map<string, Uint32Array>();

  constructor(options: SyndicationOptions = {}) {
    const permutations = options.permutations ?? 128;
    this.bands = options.bands ?? 16;
    if (!Number.isInteger(permutations) || permutations <= 0 || permutations % this.bands !== 0) {
      throw new Error(`SyndicationIndex: permutations (${permutations}) must be a positive multiple of bands (${this.bands})`);
    }
    this.rows = permutations / this.bands;
    this.threshold = options.threshold ?? 0.8;
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new Error(`SyndicationIndex: threshold ${this.threshold} must be in (0, 1]`);
    this.shingleSize = options.shingleSize ?? 4;
    this.minTokens = options.minTokens ?? 30;
    const random = options.random ?? mulberry32(0x5eed);
    this.seeds = Uint32Array.from({ length: permutations }, () => Math.floor(random() * 4294967296) >>> 0);
  }

  /** The MinHash signature this index would use for `text` (null when too short). */
  signature(text: string): Uint32Array | null {
    return minHashSignature(text, this.seeds, this.shingleSize, this.minTokens);
  }

  /** Looks for an earlier copy of the article, then remembers it. */
  add(article: Pick<Article, 'id' | 'canonicalUrl' | 'contentHash' | 'text'>): SyndicationMatch | null {
    const match = this.find(article);
    if (!this.byUrl.has(article.canonicalUrl)) this.byUrl.set(article.canonicalUrl, article.id);
    if (article.contentHash != null && !this.byHash.has(article.contentHash)) this.byHash.set(article.contentHash, article.id);
    if (match == null || match.reason === 'near-duplicate') {
      const signature = this.signature(article.text);
      if (signature != null && !this.signatures.has(article.id)) {
        this.signatures.set(article.id, signature);
        for (const key of this.bandKeys(signature)) {
          const bucket = this.buckets.get(key);
          if (bucket) bucket.push(article.id);
          else this.buckets.set(key, [article.id]);
        }
      }
    }
    return match;
  }

  /** Looks for an earlier copy without remembering the article. */
  find(article: Pick<Article, 'id' | 'canonicalUrl' | 'contentHash' | 'text'>): SyndicationMatch | null {
    const sameUrl = this.byUrl.get(article.canonicalUrl);
    if (sameUrl != null && sameUrl !== article.id) return { of: sameUrl, reason: 'canonical-url', similarity: 1 };
    if (article.contentHash != null) {
      const sameHash = this.byHash.get(article.contentHash);
      if (sameHash != null && sameHash !== article.id) return { of: sameHash, reason: 'content-hash', similarity: 1 };
    }
    const signature = this.signature(article.text);
    if (signature == null) return null;
    let best: SyndicationMatch | null = null;
    const seen = new Set<string>();
    for (const key of this.bandKeys(signature)) {
      for (const candidate of this.buckets.get(key) ?? []) {
        if (candidate === article.id || seen.has(candidate)) continue;
        seen.add(candidate);
        const similarity = signatureSimilarity(signature, this.signatures.get(candidate) as Uint32Array);
        if (similarity >= this.threshold && (best == null || similarity > best.similarity)) best = { of: candidate, reason: 'near-duplicate', similarity };
      }
    }
    return best;
  }

  private bandKeys(signature: Uint32Array): string[] {
    const keys: string[] = [];
    for (let b = 0; b < this.bands; b++) {
      keys.push(`${b}:${Array.prototype.join.call(signature.subarray(b * this.rows, (b + 1) * this.rows), ',')}`);
    }
    return keys;
  }
}
