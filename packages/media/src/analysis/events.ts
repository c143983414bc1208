import { MediaAnalysisError } from './errors.js';

/** The fields of a GDELT 2.0 Events row that the events lens reads. */
export interface EventLensRow {
  globalEventId: string | number;
  /** CAMEO 3-letter country codes; empty or null when the actor has no country. */
  actor1CountryCode: string | null;
  actor2CountryCode: string | null;
  /** 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
  quadClass: number;
  /** −10 … +10. */
  goldsteinScale: number;
  numMentions: number;
  avgTone: number;
  /** SQLDATE, YYYYMMDD. */
  day: number;
}

export interface PartnerEvents {
  partner: string;
  events: number;
  mentions: number;
  /** Goldstein mean weighted by NumMentions. */
  goldsteinMean: number;
  /** AvgTone mean weighted by NumMentions. */
  toneMean: number;
  /** Shares of QuadClass 1–4, weighted by NumMentions (sum to 1). */
  quadShares: [number, number, number, number];
  /** Shares of QuadClass 1–4 by event count. */
  quadSharesByEvents: [number, number, number, number];
  /** Quad 1 + 2 (cooperation) and 3 + 4 (conflict), weighted by NumMentions. */
  cooperation: number;
  conflict: number;
}

export interface EventsLensResult {
  home: string;
  direction: EventsLensOptions['direction'];
  partners: PartnerEvents[];
  /** Rows dropped because their GlobalEventID was already seen (the first row is kept). */
  duplicates: number;
  /** Rows not between the home country and another country. */
  skipped: number;
}

export interface EventsLensOptions {
  /** CAMEO code of the home country; default CHN. */
  home?: string;
  /** Which events count: either actor (`both`), home as Actor1, or home as Actor2. */
  direction?: 'both' | 'home-to-partner' | 'partner-to-home';
  /** Inclusive SQLDATE range. */
  from?: number;
  to?: number;
}

/**
 * The events lens: cooperation and conflict between a home country and each partner in
 * GDELT Events. Events are deduplicated by GlobalEventID (first row kept), weighted by
 * NumMentions (an event with no mentions counts once in `events` and zero in the weighted
 * figures), and partners sorted by mentions, then code.
 *
 * @example
 * eventsLens(rows, { home: 'CHN' }).partners[0]
 * // → { partner: 'KAZ', events: 12, mentions: 40, goldsteinMean: 3.1, quadShares: [0.6, 0.3, 0.1, 0], … }
 */
export function eventsLens(rows: Iterable<EventLensRow>, options: EventsLensOptions = {}): EventsLensResult {
  const home = (options.home ?? 'CHN').toUpperCase();
  const direction = options.direction ?? 'both';
  if (!['both', 'home-to-partner', 'partner-to-home'].includes(direction)) {
    throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `eventsLens: unknown direction "${direction}"; expected "both", "home-to-partner" or "partner-to-home"`);
  }
  const seen = new Set<string>();
  const acc = new Map<string, { events: number; mentions: number; goldstein: number; tone: number; quad: number[]; quadEvents: number[] }>();
  let duplicates = 0;
  let skipped = 0;
  const problems: string[] = [];
  let index = 0;
  for (const row of rows) {
    index++;
    const id = String(row.globalEventId);
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    if (options.from != null && row.day < options.from) continue;
    if (options.to != null && row.day > options.to) continue;
    const a1 = (row.actor1CountryCode ?? '').toUpperCase();
    const a2 = (row.actor2CountryCode ?? '').toUpperCase();
    let partner: string | null = null;
    if (a1 === home && a2 !== '' && a2 !== home && direction !== 'partner-to-home') partner = a2;
    else if (a2 === home && a1 !== '' && a1 !== home && direction !== 'home-to-partner') partner = a1;
    if (partner == null) {
      skipped++;
      continue;
    }
    const quad = row.quadClass;
    if (!(quad === 1 || quad === 2 || quad === 3 || quad === 4)) {
      problems.push(`row ${index} (event ${id}): QuadClass ${quad} is not 1–4`);
      continue;
    }
    const mentions = row.numMentions;
    if (mentions == null || Number.isNaN(mentions) || mentions < 0 || row.goldsteinScale == null || Number.isNaN(row.goldsteinScale)) {
      problems.push(`row ${index} (event ${id}): NumMentions ${mentions} or GoldsteinScale ${row.goldsteinScale} is missing or negative`);
      continue;
    }
    let a = acc.get(partner);
    if (!a) {
      a = { events: 0, mentions: 0, goldstein: 0, tone: 0, quad: [0, 0, 0, 0], quadEvents: [0, 0, 0, 0] };
      acc.set(partner, a);
    }
    a.events++;
    a.mentions += mentions;
    a.goldstein += mentions * row.goldsteinScale;
    a.tone += mentions * (Number.isNaN(row.avgTone) ? 0 : row.avgTone);
    a.quad[quad - 1] += mentions;
    a.quadEvents[quad - 1]++;
  }
  if (problems.length > 0) throw new MediaAnalysisError('MEDIA_INPUT_INVALID', `eventsLens: ${problems.length} malformed row(s), first ${problems[0]}`, problems);
  const partners: PartnerEvents[] = [...acc.entries()].map(([partner, a]) => {
    const share = (x: number, total: number): number => (total > 0 ? x / total : Number.NaN);
    const quadShares = a.quad.map((q) => share(q, a.mentions)) as PartnerEvents['quadShares'];
    return {
      partner,
      events: a.events,
      mentions: a.mentions,
      goldsteinMean: share(a.goldstein, a.mentions),
      toneMean: share(a.tone, a.mentions),
      quadShares,
      quadSharesByEvents: a.quadEvents.map((q) => share(q, a.events)) as PartnerEvents['quadSharesByEvents'],
      cooperation: quadShares[0] + quadShares[1],
      conflict: quadShares[2] + quadShares[3],
    };
  });
  partners.sort((x, y) => y.mentions - x.mentions || (x.partner < y.partner ? -1 : 1));
  return { home, direction, partners, duplicates, skipped };
}
