import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { ingestProblem, type IngestProblem } from '../problems.js';
import { languageTagToIso6393 } from './language.js';

/** One item of an RSS 2.0, RSS 1.0 (RDF) or Atom feed. */
export interface FeedItem {
  /** guid / id, else the link. */
  id: string;
  link: string | null;
  title: string | null;
  /** ISO 8601 instant; null when the item has no readable date. */
  publishedAt: string | null;
  /** description / summary, as text. */
  summary: string | null;
  /** content:encoded / Atom content, as text; null when the feed only gives a summary. */
  content: string | null;
  /** ISO 639-3 from the feed's or item's language tag. */
  language: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  language: string | null;
  items: FeedItem[];
  problems: IngestProblem[];
}

function elements(nodes: readonly ChildNode[]): Element[] {
  return nodes.filter((n): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style');
}

function localName(el: Element): string {
  const name = el.name.toLowerCase();
  return name;
}

function child(el: Element, ...names: string[]): Element | undefined {
  return elements(el.children).find((c) => names.includes(localName(c)));
}

function textOf(node: ChildNode): string {
  if (node.type === 'text' || node.type === 'cdata') {
    if (node.type === 'cdata') return node.children.map(textOf).join('');
    return node.data;
  }
  if ('children' in node) return (node.children as ChildNode[]).map(textOf).join('');
  return '';
}

/** Text of an element; escaped or CDATA HTML inside is reduced to its text. */
function plain(el: Element | undefined): string | null {
  if (el == null) return null;
  const raw = textOf(el).trim();
  if (raw.length === 0) return null;
  const text = /<[a-z!/]/i.test(raw) ? htmlToText(raw) : raw;
  return text.length === 0 ? null : text;
}

/** Text of an HTML fragment, with block elements as line breaks. */
export function htmlToText(html: string): string {
  const doc = parseDocument(html);
  const out: string[] = [];
  const block = /^(p|div|br|li|h[1-6]|blockquote|tr|section|article)$/;
  const walk = (nodes: readonly ChildNode[]): void => {
    for (const node of nodes) {
      if (node.type === 'text') out.push(node.data);
      else if (node.type === 'tag') {
        if (block.test(node.name)) out.push('\n');
        walk(node.children);
        if (block.test(node.name)) out.push('\n');
      }
    }
  };
  walk(doc.children);
  return out
    .join('')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

function readDate(value: string | null): string | null {
  if (value == null) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** True when the text looks like an HTML page rather than a feed. */
export function looksLikeHtml(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype\s+html|<html[\s>])/i.test(text);
}

/**
 * Parses an RSS 2.0, RSS 1.0 (RDF) or Atom feed. An HTML page (an error page served with
 * status 200, a login wall) or anything else without a feed root is reported as
 * MEDIA_NOT_A_FEED; items without a link or with an unreadable date are reported one by one.
 *
 * @example
 * parseFeed('<rss><channel><item><link>https://a.example/1</link></item></channel></rss>', 'https://a.example/feed').items[0].link // 'https://a.example/1'
 */
export function parseFeed(text: string, url: string): ParsedFeed {
  const problems: IngestProblem[] = [];
  const empty = (reason: string): ParsedFeed => {
    problems.push(
      ingestProblem('MEDIA_NOT_A_FEED', `feed: ${reason}`, {
        file: url,
        value: text.slice(0, 80).replace(/\s+/g, ' '),
        hint: 'open the URL in a browser: the site may have moved the feed or answered with an error page',
      }),
    );
    return { format: 'rss', title: null, language: null, items: [], problems };
  };
  if (looksLikeHtml(text)) return empty('the answer is an HTML page, not RSS or Atom');
  const doc = parseDocument(text, { xmlMode: true });
  const root = elements(doc.children)[0];
  if (root == null) return empty('the answer is empty or not XML');
  const rootName = localName(root);
  let format: ParsedFeed['format'];
  let channel: Element;
  let itemElements: Element[];
  if (rootName === 'rss') {
    format = 'rss';
    const c = child(root, 'channel');
    if (c == null) return empty('<rss> has no <channel>');
    channel = c;
    itemElements = elements(c.children).filter((e) => localName(e) === 'item');
  } else if (rootName === 'feed') {
    format = 'atom';
    channel = root;
    itemElements = elements(root.children).filter((e) => localName(e) === 'entry');
  } else if (rootName === 'rdf:rdf') {
    format = 'rdf';
    channel = child(root, 'channel') ?? root;
    itemElements = elements(root.children).filter((e) => localName(e) === 'item');
  } else {
    return empty(`the root element is <${root.name}>; expected <rss>, <feed> or <rdf:RDF>`);
  }
  const feedLanguage = languageTagToIso6393(plain(child(channel, 'language', 'dc:language')) ?? root.attribs['xml:lang'] ?? null);
  const items: FeedItem[] = [];
  itemElements.forEach((el, i) => {
    let link: string | null;
    if (format === 'atom') {
      const links = elements(el.children).filter((e) => localName(e) === 'link');
      const alternate = links.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate') ?? links[0];
      link = alternate?.attribs.href ?? null;
    } else {
      link = plain(child(el, 'link')) ?? (el.attribs['rdf:about'] || null);
      const guid = child(el, 'guid');
      if (link == null && guid != null && guid.attribs.ispermalink !== 'false' && guid.attribs.isPermaLink !== 'false') link = plain(guid);
    }
    if (link != null) {
      try {
        link = new URL(link.trim(), url).toString();
      } catch {
        link = null;
      }
    }
    const dateText = plain(child(el, 'pubdate', 'published', 'updated', 'dc:date'));
    const publishedAt = readDate(dateText);
    if (link == null) {
      problems.push(ingestProblem('MEDIA_FEED_ITEM', `feed: item ${i + 1} ("${plain(child(el, 'title')) ?? ''}") has no link; it was skipped`, { file: url, value: String(i + 1) }));
      return;
    }
    if (dateText != null && publishedAt == null) {
      problems.push(
        ingestProblem('MEDIA_FEED_ITEM', `feed: item ${i + 1} has an unreadable date "${dateText}"`, {
          file: url,
          column: 'pubDate',
          value: dateText,
          severity: 'warning',
          hint: 'the time the feed was read is used instead',
        }),
      );
    }
    items.push({
      id: plain(child(el, 'guid', 'id')) ?? link,
      link,
      title: plain(child(el, 'title')),
      publishedAt,
      summary: plain(child(el, 'description', 'summary')),
      content: plain(child(el, 'content:encoded', 'content')),
      language: languageTagToIso6393(el.attribs['xml:lang'] ?? null) ?? feedLanguage,
    });
  });
  return { format, title: plain(child(channel, 'title')), language: feedLanguage, items, problems };
}
