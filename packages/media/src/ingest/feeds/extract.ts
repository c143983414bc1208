import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { languageTagToIso6393 } from './language.js';

/** What a page says about itself, and its main text. */
export interface ExtractedPage {
  title: string | null;
  /** `<link rel="canonical">` or `og:url`, resolved against the page URL. */
  canonicalUrl: string | null;
  /** `article:published_time`, `og:published_time`, `<time datetime>` …, as an ISO instant. */
  publishedAt: string | null;
  /** From `<html lang>` or `og:locale`, as ISO 639-3. */
  language: string | null;
  /** Main text: paragraphs separated by blank lines; empty when nothing article-like was found. */
  text: string;
}

const dropped = new Set(['script', 'style', 'noscript', 'nav', 'header', 'footer', 'aside', 'form', 'iframe', 'svg', 'button', 'select', 'template', 'figure']);
const positive = /article|body|content|entry|hentry|main|page|post|text|blog|story/i;
const negative = /comment|com-|contact|foot|footer|footnote|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|nav|menu|breadcrumb|advert|cookie|subscribe|newsletter|social/i;

function isElement(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

function textContent(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (isElement(node)) {
    if (dropped.has(node.name)) return '';
    return node.children.map(textContent).join('');
  }
  return '';
}

function classWeight(el: Element): number {
  const hint = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''}`;
  let weight = 0;
  if (negative.test(hint)) weight -= 25;
  if (positive.test(hint)) weight += 25;
  return weight;
}

function walk(nodes: readonly ChildNode[], visit: (el: Element) => void): void {
  for (const node of nodes) {
    if (!isElement(node)) continue;
    visit(node);
    walk(node.children, visit);
  }
}

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * Readability-style extraction of an article's main text (after Arc90's Readability, as
 * adapted by Mozilla): every paragraph scores 1 + its commas + one point per 100 characters
 * (at most 3); its parent gets the score and its grandparent half; class and id names such as
 * "article" or "content" add 25, "comment", "sidebar" or "share" take 25 away; the best
 * container's paragraphs (and those of siblings that score well) form the text. Scripts,
 * navigation, headers, footers, asides and forms are ignored.
 *
 * @example
 * extractArticle('<html lang="en"><body><article><p>First, a paragraph …</p></article></body></html>', 'https://a.example/1').language // 'eng'
 */
export function extractArticle(html: string, pageUrl: string): ExtractedPage {
  const doc = parseDocument(html, { decodeEntities: true });
  const meta = new Map<string, string>();
  let titleTag: string | null = null;
  let canonical: string | null = null;
  let htmlLang: string | null = null;
  let timeTag: string | null = null;
  walk(doc.children, (el) => {
    if (el.name === 'html' && el.attribs.lang) htmlLang = el.attribs.lang;
    else if (el.name === 'title' && titleTag == null) titleTag = squash(textContent(el));
    else if (el.name === 'meta') {
      const key = (el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop ?? '').toLowerCase();
      if (key && el.attribs.content != null && !meta.has(key)) meta.set(key, el.attribs.content);
    } else if (el.name === 'link' && (el.attribs.rel ?? '').toLowerCase() === 'canonical' && el.attribs.href) canonical = el.attribs.href;
    else if (el.name === 'time' && el.attribs.datetime && timeTag == null) timeTag = el.attribs.datetime;
  });
  const resolve = (u: string | null): string | null => {
    if (u == null) return null;
    try {
      return new URL(u, pageUrl).toString();
    } catch {
      return null;
    }
  };
  const dateText = meta.get('article:published_time') ?? meta.get('og:published_time') ?? meta.get('datepublished') ?? meta.get('pubdate') ?? meta.get('date') ?? timeTag;
  const dateValue = dateText != null ? Date.parse(dateText) : Number.NaN;

  const scores = new Map<Element, number>();
  const paragraphsOf = new Map<Element, Element[]>();
  walk(doc.children, (el) => {
    if (el.name !== 'p' && el.name !== 'pre' && el.name !== 'td') return;
    const text = squash(textContent(el));
    if (text.length < 25) return;
    const parent = el.parent as Element | null;
    if (parent == null || !isElement(parent)) return;
    const score = 1 + (text.match(/[,，、،]/g)?.length ?? 0) + Math.min(3, Math.floor(text.length / 100));
    for (const [ancestor, share] of [
      [parent, 1],
      [parent.parent, 0.5],
    ] as const) {
      if (ancestor == null || !isElement(ancestor as ChildNode)) continue;
      const a = ancestor as Element;
      if (!scores.has(a)) scores.set(a, classWeight(a));
      scores.set(a, (scores.get(a) as number) + score * share);
    }
    const list = paragraphsOf.get(parent) ?? [];
    list.push(el);
    paragraphsOf.set(parent, list);
  });
  let best: Element | null = null;
  let bestScore = -Infinity;
  for (const [el, score] of scores) {
    if (dropped.has(el.name)) continue;
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  const parts: string[] = [];
  if (best != null) {
    const threshold = Math.max(10, bestScore * 0.2);
    const containers: Element[] = [];
    const siblings = best.parent && isElement(best.parent as ChildNode) ? (best.parent as Element).children.filter(isElement) : [best];
    for (const sibling of siblings) {
      if (sibling === best || (scores.get(sibling) ?? -Infinity) >= threshold) containers.push(sibling);
    }
    for (const container of containers) {
      walk([container], (el) => {
        if (el.name === 'p' || el.name === 'pre' || /^h[2-4]$/.test(el.name) || el.name === 'li' || el.name === 'blockquote') {
          let inside: Element | null = el.parent as Element | null;
          while (inside != null && inside !== container) {
            if (dropped.has(inside.name) || classWeight(inside) < 0 || inside.name === 'p' || inside.name === 'li' || inside.name === 'blockquote') break;
            inside = inside.parent as Element | null;
          }
          if (inside !== container && el !== container) return;
          const text = squash(textContent(el));
          if (text.length > 0) parts.push(text);
        }
      });
    }
  }
  const title = meta.get('og:title') ?? meta.get('twitter:title') ?? titleTag;
  return {
    title: title != null && squash(title).length > 0 ? squash(title) : null,
    canonicalUrl: resolve(canonical ?? meta.get('og:url') ?? null),
    publishedAt: Number.isNaN(dateValue) ? null : new Date(dateValue).toISOString(),
    language: languageTagToIso6393(htmlLang ?? meta.get('og:locale') ?? null),
    text: parts.join('\n\n'),
  };
}
