import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { unzipSync, strFromU8 } from 'fflate';
import { createApp, loadBundledData, loadBundledMedia, openStore, type Store } from '@softpower/server';

const chromiumPath = '/usr/bin/chromium';
const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(app, '../..');
const dist = join(app, 'dist');
const screenshots = join(root, 'artifacts/screenshots');
const hasChromium = existsSync(chromiumPath);

if (!hasChromium) console.warn(`dashboard e2e: skipped, ${chromiumPath} is absent (install it with "apt-get install -y chromium")`);

function ensureBuilt(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(app, 'scripts/ensure-built.mjs'), '--quiet'], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ensure-built exited with ${code}`))));
  });
}

/** Pixels of the map canvas that are neither background nor the no-data grey, and how many distinct colours they hold. */
async function mapPixels(page: Page): Promise<{ coloured: number; colours: number; width: number; height: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="map"] canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set<string>();
    let coloured = 0;
    for (let i = 0; i < data.length; i += 4 * 5) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a < 200 || (Math.abs(r - g) < 10 && Math.abs(g - b) < 10)) continue;
      coloured++;
      colours.add(`${r >> 3},${g >> 3},${b >> 3}`);
    }
    return { coloured, colours: colours.size, width: canvas.width, height: canvas.height };
  });
}

/** A point (CSS pixels from the canvas corner) inside a coloured country, with an 11 × 11 neighbourhood of one colour. */
async function pointInCountry(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="map"] canvas')!;
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const at = (x: number, y: number) => (Math.round(y) * canvas.width + Math.round(x)) * 4;
    const colourful = (i: number) => data[i + 3] > 200 && !(Math.abs(data[i] - data[i + 1]) < 10 && Math.abs(data[i + 1] - data[i + 2]) < 10);
    const r = 5 * ratio;
    for (let y = canvas.height * 0.2; y < canvas.height * 0.8; y += 8 * ratio) {
      for (let x = canvas.width * 0.15; x < canvas.width * 0.9; x += 8 * ratio) {
        const i = at(x, y);
        if (!colourful(i)) continue;
        let uniform = true;
        for (let dy = -r; dy <= r && uniform; dy += ratio) for (let dx = -r; dx <= r && uniform; dx += ratio) {
          const j = at(x + dx, y + dy);
          uniform = data[j] === data[i] && data[j + 1] === data[i + 1] && data[j + 2] === data[i + 2];
        }
        if (uniform) return { x: x / ratio, y: y / ratio };
      }
    }
    throw new Error('no coloured country found on the map canvas');
  });
}

/**
 * Installed before a page's scripts run: on every animation frame, samples ten rows of the
 * map canvas and records in `window.softpowerColouredAt` the time (ms from navigation start)
 * at which they first hold countries in colour, not only the page's first paint.
 */
function watchColouredMap(): void {
  const tick = () => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="map"] canvas');
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const context = canvas.getContext('2d')!;
      let coloured = 0;
      for (let k = 1; k <= 10; k++) {
        const data = context.getImageData(0, Math.floor((canvas.height * k) / 11), canvas.width, 1).data;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 200 && !(Math.abs(data[i] - data[i + 1]) < 10 && Math.abs(data[i + 1] - data[i + 2]) < 10)) coloured++;
      }
      if (coloured > 400) {
        (window as unknown as { softpowerColouredAt: number }).softpowerColouredAt = performance.now();
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

async function rowIds(page: Page, table: string): Promise<string[]> {
  return page.$$eval(`[data-table="${table}"] tbody tr`, (rows) => rows.map((r) => r.getAttribute('data-row') ?? ''));
}

async function cellTexts(page: Page, table: string, column: number): Promise<string[]> {
  return page.$$eval(`[data-table="${table}"] tbody tr`, (rows, c) => rows.map((r) => r.children[c]?.textContent ?? ''), column);
}

const token = 'dashboard-e2e';

/** Whether the focused element draws a visible focus indicator (an outline). */
async function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    return el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
}

/** Presses Tab until the focused element matches `selector`; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`tabTo: ${selector} never took the focus in ${limit} presses of Tab`);
}

const numberOf = (text: string) => Number(text.replace(/[^\d.-]/g, ''));

/** Asserts |actual − expected| ≤ tolerance, printing actual, expected, the difference and the tolerance. */
function expectClose(actual: number, expected: number, tolerance: number, label: string): void {
  const diff = Math.abs(actual - expected);
  expect(diff <= tolerance, `${label}: actual ${actual}, expected ${expected}, |diff| ${diff}, tolerance ${tolerance}`).toBe(true);
}

/** A number as the dashboard writes it in English (en-GB), with `digits` decimals. */
const i18nNumber = (value: number, digits: number) => new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Media sources and articles CONSTRUCTED FOR THE TEST (not real outlets; the .example domains
 * are reserved by RFC 2606): two Kenyan sources of two communicator types and one Pakistani,
 * and ten articles in March and April 2024. Seven mention China (China, Chinese, Beijing or
 * 中国), some with lexicon themes (Belt and Road / 一带一路, win-win cooperation, community
 * with a shared future); three do not, so that attention is below 1. The Chinese article has
 * no tone (there is no Chinese tone lexicon).
 */
const testSources = [
  { domain: 'kenya-herald.example', country: 'KEN', language: 'eng', communicatorType: 'commercial_media', name: 'Kenya Herald (test)' },
  { domain: 'kenya-broadcast.example', country: 'KEN', language: 'eng', communicatorType: 'public_broadcaster', name: 'Kenya Broadcast (test)' },
  { domain: 'pakistan-state-news.example', country: 'PAK', language: 'eng', communicatorType: 'state_media', name: 'Pakistan State News (test)' },
];
interface TestArticle {
  url: string;
  title: string;
  text: string;
  date: string;
  language: string;
  /** What the test expects of it. */
  country: 'KEN' | 'PAK';
  china: boolean;
  themes: string[];
}
const testArticle = (domain: string, day: string, slug: string, title: string, text: string, expected: { china: boolean; themes?: string[] }, language = 'en'): TestArticle => ({
  url: `https://${domain}/${day}/${slug}`,
  title,
  text,
  date: `${day}T09:00:00Z`,
  language,
  country: domain.startsWith('kenya') ? 'KEN' : 'PAK',
  china: expected.china,
  themes: expected.themes ?? [],
});
const testArticles: TestArticle[] = [
  testArticle('kenya-herald.example', '2024-03-04', 'sgr', 'China and Kenya sign Belt and Road railway extension', 'Kenya and China signed a Belt and Road agreement to extend the railway. Officials praised the good and successful partnership.', { china: true, themes: ['belt_and_road'] }),
  testArticle('kenya-herald.example', '2024-03-12', 'marathon', 'Nairobi marathon draws record crowd', 'Runners enjoyed a wonderful race through Nairobi and thanked the happy crowd.', { china: false }),
  testArticle('kenya-broadcast.example', '2024-03-20', 'mombasa', 'Chinese investors back win-win cooperation in Mombasa', 'Chinese investors said win-win cooperation would bring new jobs to Mombasa.', { china: true, themes: ['win_win'] }),
  testArticle('kenya-broadcast.example', '2024-03-27', 'floods', 'Heavy rains flood western Kenya', 'Floods destroyed homes and crops, leaving families in terrible hardship.', { china: false }),
  testArticle('kenya-herald.example', '2024-04-08', 'forum', 'Beijing hosts Belt and Road forum', 'Beijing hosted a Belt and Road forum attended by Kenyan ministers. Critics warned of debt problems and bad loans.', { china: true, themes: ['belt_and_road'] }),
  testArticle('kenya-herald.example', '2024-04-15', 'budget', 'Parliament debates new budget', 'Members of parliament debated the budget late into the night.', { china: false }),
  testArticle('kenya-herald.example', '2024-04-22', 'yidaiyilu', '中国与肯尼亚深化一带一路合作', '中国和肯尼亚同意深化一带一路合作。', { china: true, themes: ['belt_and_road'] }, 'zh'),
  testArticle('pakistan-state-news.example', '2024-03-10', 'friendship', 'Pakistan and China celebrate all-weather friendship', 'China and Pakistan celebrated their friendship and a community with a shared future for mankind.', { china: true, themes: ['shared_future'] }),
  testArticle('pakistan-state-news.example', '2024-03-18', 'cricket', 'Cricket team wins home series', 'The national team won the series after a great final match.', { china: false }),
  testArticle('pakistan-state-news.example', '2024-04-05', 'cpec', 'CPEC projects advance under the Belt and Road Initiative', 'China Pakistan Economic Corridor projects advanced under the Belt and Road Initiative.', { china: true, themes: ['belt_and_road'] }),
];

describe.skipIf(!hasChromium)('dashboard in headless Chromium', () => {
  let store: Store;
  let server: Awaited<ReturnType<typeof createApp>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let framework: string;
  let year: number;
  const timings: Record<string, number> = {};

  const consoleErrors: string[] = [];
  /** Records the page's console errors and uncaught exceptions, with the view they came from. */
  const watch = (p: Page): Page => {
    p.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${p.url().replace(base, '')}: ${m.text()}`));
    p.on('pageerror', (e) => consoleErrors.push(`${p.url().replace(base, '')}: ${e.message}`));
    return p;
  };
  const shot = (name: string, p: Page = page) => p.screenshot({ path: join(screenshots, `${name}.png`) });
  const open = async (hash: string, ready: string) => {
    await page.goto(`${base}/#/${hash}`);
    await page.waitForSelector(ready, { timeout: 20_000 });
  };

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true });
    const built = ensureBuilt();
    store = await openStore();
    await loadBundledData(store, { specPaths: [join(root, 'frameworks/cultural-soft-power.yaml'), join(root, 'examples/coinr-asem/a_default.yaml')] });
    await built;
    server = await createApp({ store, dashboardDir: dist, token });
    base = (await server.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
    const frameworks = (await (await fetch(`${base}/api/frameworks`)).json()) as { items: { id: string; latestBuildId: string | null }[] };
    const withBuild = frameworks.items.filter((f) => f.latestBuildId);
    framework = (withBuild.find((f) => f.id === 'cultural-soft-power') ?? withBuild[0]).id;
    const results = (await (await fetch(`${base}/api/frameworks/${framework}/results?limit=1`)).json()) as { year: number };
    year = results.year;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true });
    page = watch(await context.newPage());
  }, 180_000);

  afterAll(async () => {
    await writeFile(join(screenshots, 'timings.json'), JSON.stringify(timings, null, 2) + '\n').catch(() => {});
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('each of three first visits colours the map (times printed, not asserted: they belong in the benchmark)', async () => {
    const loads: { firstContentfulPaintMs: number; colouredMapMs: number; worldMapJoinMs: number }[] = [];
    const drawn: { countries: number; pixels: Awaited<ReturnType<typeof mapPixels>> }[] = [];
    for (let i = 0; i < 3; i++) {
      const cold = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
      await cold.addInitScript(watchColouredMap);
      const visit = watch(await cold.newPage());
      await visit.goto(`${base}/`);
      await visit.waitForFunction(() => (window as unknown as { softpowerColouredAt?: number }).softpowerColouredAt != null, undefined, { timeout: 20_000 });
      loads.push(
        await visit.evaluate(() => ({
          firstContentfulPaintMs: Math.round(performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
          colouredMapMs: Math.round((window as unknown as { softpowerColouredAt: number }).softpowerColouredAt),
          worldMapJoinMs: Math.round(performance.getEntriesByName('softpower:world-map')[0]?.duration ?? NaN),
        })),
      );
      drawn.push({ countries: Number(await visit.getAttribute('[data-testid="map"]', 'data-coloured')), pixels: await mapPixels(visit) });
      await cold.close();
    }
    const median = (key: keyof (typeof loads)[number]) => loads.map((l) => l[key]).sort((a, b) => a - b)[1];
    timings.colouredMapMs = median('colouredMapMs');
    timings.firstContentfulPaintMs = median('firstContentfulPaintMs');
    timings.worldMapJoinMs = median('worldMapJoinMs');
    console.log(`dashboard: first visit, coloured map after ${loads.map((l) => l.colouredMapMs).join(', ')} ms (median ${timings.colouredMapMs}); first contentful paint ${loads.map((l) => l.firstContentfulPaintMs).join(', ')} ms`);
    for (const [i, load] of loads.entries()) {
      expect(Number.isFinite(load.colouredMapMs) && load.colouredMapMs > 0, `visit ${i + 1}: time to the coloured map ${load.colouredMapMs} ms`).toBe(true);
      expect(drawn[i].countries, `visit ${i + 1}: countries coloured`).toBeGreaterThan(0);
      expect(drawn[i].pixels.coloured, `visit ${i + 1}: coloured pixels of the map`).toBeGreaterThan(500);
      expect(drawn[i].pixels.colours, `visit ${i + 1}: distinct colours of the map`).toBeGreaterThan(3);
    }
  });

  it('serves the dashboard at / and draws the map with every country coloured by its score', async () => {
    await page.goto(`${base}/#/map?fw=${framework}`);
    await page.waitForSelector('[data-testid="map"][data-shapes="50m"]', { timeout: 20_000 });
    await page.waitForTimeout(600);
    const drawn = Number(await page.getAttribute('[data-testid="map"]', 'data-coloured'));
    const ranked = ((await (await fetch(`${base}/api/frameworks/${framework}/results?limit=1000`)).json()) as { items: { score: number | null }[] }).items.filter((r) => r.score != null).length;
    expect(drawn).toBeGreaterThan(0.9 * ranked);
    const pixels = await mapPixels(page);
    expect(pixels.coloured).toBeGreaterThan((pixels.width * pixels.height) / 5 / 20);
    expect(pixels.colours).toBeGreaterThan(15);
    await shot('map');
  });

  it('the BRI filter leaves only partners coloured', async () => {
    const all = Number(await page.getAttribute('[data-testid="map"]', 'data-coloured'));
    await page.check('[data-testid="bri-only"]');
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-coloured')) < n, all);
    expect(page.url()).toContain('bri=1');
    await page.waitForTimeout(400);
    await shot('map-bri');
    await page.uncheck('[data-testid="bri-only"]');
  });

  it('clicking a country on the map opens its profile', async () => {
    await page.waitForTimeout(400);
    const point = await pointInCountry(page);
    const box = (await page.locator('[data-testid="map"] canvas').first().boundingBox())!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.waitForURL(/#\/country\?.*iso3=[A-Z]{3}/, { timeout: 10_000 });
    await page.waitForSelector('[data-testid="index-score"]');
    const iso3 = new URL(page.url().replace('#/country', '')).searchParams.get('iso3')!;
    const name = await page.textContent('[data-testid="country-name"]');
    const country = (await (await fetch(`${base}/api/countries/${iso3}`)).json()) as { nameEn: string };
    expect(name).toBe(country.nameEn);
    expect(await page.textContent('[data-testid="index-score"] .value')).toMatch(/\d/);
    await page.waitForSelector('[data-chart^="radar-"] canvas');
    await page.waitForTimeout(500);
    await shot('country');
  });

  it('the map of an indicator shows its raw values, with unit, data year and source on hover, and its normalised score as an option', async () => {
    await open(`map?fw=${framework}&level=1`, '[data-testid="map-code"]');
    const indicators = await page.$$eval('[data-testid="map-code"] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(indicators.length).toBeGreaterThan(1);
    let code = '';
    for (const candidate of indicators) {
      const values = (await (await fetch(`${base}/api/indicator-values?indicator=${candidate}&limit=1`)).json()) as { total: number };
      if (values.total > 0) {
        code = candidate;
        break;
      }
    }
    expect(code).not.toBe('');
    await page.selectOption('[data-testid="map-code"]', code);
    await page.waitForSelector('[data-testid="map"][data-measure="raw"][data-shapes="50m"]');
    expect(Number(await page.getAttribute('[data-testid="map"]', 'data-coloured'))).toBeGreaterThan(10);
    await page.waitForTimeout(400);
    const point = await pointInCountry(page);
    const box = (await page.locator('[data-testid="map"] canvas').first().boundingBox())!;
    await page.mouse.move(box.x + point.x, box.y + point.y);
    const tooltip = page.locator('[data-testid="map"] div', { hasText: 'Data year' }).last();
    await tooltip.waitFor({ timeout: 5_000 });
    const hover = (await tooltip.textContent()) ?? '';
    expect(hover).toMatch(/Raw value: [\d,.-]+/);
    expect(hover).toMatch(/Data year: \d{4}/);
    expect(hover).toMatch(/Source: \S+/);
    await shot('map-indicator-raw');
    await page.selectOption('[data-testid="map-show"]', 'score');
    await page.waitForSelector('[data-testid="map"][data-measure="score"]');
    expect(page.url()).toContain('show=score');
    await page.mouse.move(box.x + 1, box.y + 1);
  });

  it('the ranking sorts by a column and filters by a search', async () => {
    const table = `${framework}_ranking_${year}`;
    await open(`rankings?fw=${framework}`, `[data-table="${table}"] tbody tr`);
    const ranks = (await cellTexts(page, table, 0)).map(numberOf).filter((r) => !Number.isNaN(r));
    expect(ranks.length).toBeGreaterThan(20);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    await shot('rankings');
    await page.click(`[data-testid="sort-${table}-country"]`);
    const names = await cellTexts(page, table, 1);
    expect(names.slice(0, 10)).toEqual([...names.slice(0, 10)].sort((a, b) => a.localeCompare(b)));
    await page.click(`[data-testid="sort-${table}-score"]`);
    const scores = (await cellTexts(page, table, 3)).map(numberOf).filter((s) => !Number.isNaN(s));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const first = (await rowIds(page, table))[0];
    await page.fill(`[data-testid="search-${table}"]`, first);
    await page.waitForFunction(([t, n]) => document.querySelectorAll(`[data-table="${t}"] tbody tr`).length < n, [table, ranks.length] as const);
    expect(await rowIds(page, table)).toEqual([first]);
    await page.fill(`[data-testid="search-${table}"]`, '');
  });

  it('moving a weight slider re-ranks live in the browser, and the weights go into the link', async () => {
    const table = `${framework}_your_index_${year}`;
    await open(`build?fw=${framework}`, `[data-table="${table}"] tbody tr`);
    const yours = (await cellTexts(page, table, 0)).map(numberOf);
    const published = (await cellTexts(page, table, 3)).map(numberOf);
    expect(yours).toEqual(published);
    const before = await rowIds(page, table);
    const sliders = await page.$$eval('[data-testid^="weight-"]', (inputs) => inputs.map((i) => i.getAttribute('data-testid')!));
    expect(sliders.length).toBeGreaterThan(1);
    await page.fill(`[data-testid="${sliders[0]}"]`, '0');
    await page.fill(`[data-testid="${sliders[sliders.length - 1]}"]`, '10');
    await page.waitForFunction(() => location.hash.includes('w='));
    const after = await rowIds(page, table);
    expect(after).not.toEqual(before);
    expect(new Set(after)).toEqual(new Set(before));
    timings.recomputeMs = Number(await page.getAttribute('[data-testid="recompute-ms"]', 'data-ms'));
    timings.recomputeUnits = after.length;
    expect(timings.recomputeMs).toBeGreaterThan(0);
    await shot('build');
    const link = page.url();
    const other = watch(await context.newPage());
    await other.goto(link);
    await other.waitForSelector(`[data-table="${table}"] tbody tr`);
    expect(await rowIds(other, table)).toEqual(after);
    await other.close();
  });

  it('the language switch changes labels and country names, is remembered, and follows the browser on a first visit', async () => {
    const table = `${framework}_ranking_${year}`;
    await open(`rankings?fw=${framework}`, `[data-table="${table}"] tbody tr`);
    const iso3 = (await rowIds(page, table))[0];
    const country = (await (await fetch(`${base}/api/countries/${iso3}`)).json()) as { nameEn: string; nameZh: string };
    const nameCell = page.locator(`[data-table="${table}"] tr[data-row="${iso3}"] td`).nth(1);
    expect(await nameCell.textContent()).toBe(country.nameEn);
    expect(await page.textContent('[data-testid="nav-map"]')).toBe('Map');
    await page.click('[data-testid="lang-zh"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-map"]')?.textContent === '地图');
    expect(await nameCell.textContent()).toBe(country.nameZh);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await shot('rankings-zh');
    await page.reload();
    await page.waitForSelector(`[data-table="${table}"] tbody tr`);
    expect(await page.textContent('[data-testid="nav-map"]')).toBe('地图');
    await open(`map?fw=${framework}`, '[data-testid="map"][data-shapes="50m"] canvas');
    await page.waitForTimeout(600);
    await shot('map-zh');
    await page.click('[data-testid="lang-en"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-map"]')?.textContent === 'Map');

    const chinese = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = watch(await chinese.newPage());
    await phone.goto(`${base}/#/map?fw=${framework}`);
    await phone.waitForSelector('[data-testid="map"][data-shapes="50m"] canvas');
    expect(await phone.textContent('[data-testid="nav-map"]')).toBe('地图');
    await phone.waitForTimeout(800);
    await shot('phone-map-zh', phone);
    await phone.goto(`${base}/#/country?fw=${framework}&iso3=${iso3}`);
    await phone.waitForSelector('[data-chart^="radar-"] canvas');
    const groups = (await phone.textContent('[data-testid="country-groups"]')) ?? '';
    const reference = (await (await fetch(`${base}/api/countries/${iso3}`)).json()) as { unRegion: string; wbIncomeGroup: string };
    expect(groups).toContain(country.nameEn);
    for (const english of [reference.unRegion, reference.wbIncomeGroup]) if (english) expect(groups).not.toContain(english);
    expect(groups.split(' · ').slice(1).every((part) => /[\u4e00-\u9fff]/.test(part))).toBe(true);
    await phone.waitForTimeout(600);
    await shot('phone-country-zh', phone);
    await chinese.close();
  });

  it('downloads a table as CSV, XLSX and JSON, and a chart as PNG', async () => {
    const table = `${framework}_ranking_${year}`;
    await open(`rankings?fw=${framework}`, `[data-table="${table}"] tbody tr`);
    const rows = (await rowIds(page, table)).length;
    const fetchDownload = async (testId: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testId}"]`)]);
      return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
    };
    const csv = await fetchDownload(`download-${table}-csv`);
    expect(csv.name).toBe(`${table}.csv`);
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['Rank', 'Country', 'ISO3']);
    expect(lines.length).toBe(rows + 1);
    const xlsx = await fetchDownload(`download-${table}-xlsx`);
    const files = unzipSync(new Uint8Array(xlsx.bytes));
    expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml');
    expect(strFromU8(files['xl/worksheets/sheet1.xml']).match(/<row /g)?.length).toBe(rows + 1);
    const json = JSON.parse((await fetchDownload(`download-${table}-json`)).bytes.toString('utf8')) as Record<string, unknown>[];
    expect(json).toHaveLength(rows);
    expect(typeof json[0].Score).toBe('number');
    await open(`country?fw=${framework}`, '[data-chart^="trend-"] canvas');
    await page.waitForTimeout(500);
    const pngButton = await page.getAttribute('[data-testid^="png-trend-"]', 'data-testid');
    const png = await fetchDownload(pngButton!);
    expect(png.name).toMatch(/\.png$/);
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.length).toBeGreaterThan(5_000);
  });

  it('the other views render from the API: compare, sensitivity (not yet computed), methodology, data', async () => {
    await open(`compare?fw=${framework}`, '[data-chart^="compare-"] canvas');
    await page.waitForTimeout(600);
    await shot('compare');
    await open(`sensitivity?fw=${framework}`, '[data-testid="sensitivity-none"], [data-chart^="rank-intervals-"]');
    await page.waitForTimeout(300);
    await shot('sensitivity');
    await open(`methodology?fw=${framework}`, '[data-testid="steps"] li');
    const steps = await page.$$eval('[data-testid="steps"] li', (items) => items.length);
    const spec = ((await (await fetch(`${base}/api/frameworks/${framework}`)).json()) as { spec: { steps: unknown[] } }).spec;
    expect(steps).toBe(spec.steps.length);
    await page.waitForTimeout(600);
    await shot('methodology');
    await open(`data?fw=${framework}`, '[data-testid^="link-"]');
    const href = await page.getAttribute(`[data-testid^="link-${framework}_results_level"][data-testid$="-xlsx"]`, 'href');
    const answer = await fetch(`${base}${href}`);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    await shot('data');
  });
  describe('media view', () => {
    const mediaMap = '[data-testid="map"][data-shapes="50m"] canvas';
    const fullShot = (name: string) => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    const lensOf = () => page.getAttribute('[data-testid="map"]', 'data-lens');
    const texts = (selector: string) => page.$$eval(selector, (cells) => cells.map((c) => c.textContent?.trim() ?? ''));
    const cardValue = async (testId: string) => Number(await page.getAttribute(`[data-testid="${testId}"]`, 'data-value'));
    const articleTitles = () => texts('[data-testid="media-articles-block"] tbody td:nth-child(2) a');
    const waitForArticles = (n: number) =>
      page.waitForFunction((count) => document.querySelectorAll('[data-testid="media-articles-block"] tbody tr').length === count && !document.querySelector('main [aria-live="polite"]'), n, { timeout: 10_000 });

    it('without registered sources, says how to curate them (with the domains awaiting curation) and maps the bundled GDELT events lens by partner', async () => {
      const loaded = await loadBundledMedia(store);
      expect(loaded.reduce((n, f) => n + f.events, 0)).toBe(40);
      const unknown = (await (await fetch(`${base}/api/media/sources/unknown`)).json()) as { total: number; items: { articles: number }[] };
      expect(unknown.total).toBeGreaterThan(0);
      const partners = ((await (await fetch(`${base}/api/media/events-lens?byMonth=false`)).json()) as { items: { partner: string; goldsteinMean: number | null; quadShares: number[] | null }[] }).items;
      expect(partners.length).toBeGreaterThan(3);

      await open('media', mediaMap);
      const notice = (await page.textContent('[data-testid="media-empty"]')) ?? '';
      expect(notice).toContain(`${unknown.items.reduce((n, d) => n + d.articles, 0)} articles from ${unknown.total} source domains`);
      expect(notice).toContain('softpower media sources import');
      expect(notice).toContain('softpower media ingest');
      expect(notice).toContain('POST /api/media/sources');
      expect(await page.textContent('[data-testid="media-awaiting"]')).toBe(`Domains awaiting curation (${unknown.total})`);

      // the coverage rollups are empty, so the view opens on the events lens, which has data
      expect(await lensOf()).toBe('events');
      expect(Number(await page.getAttribute('[data-testid="map"]', 'data-coloured'))).toBe(partners.length);
      await page.waitForTimeout(500);
      const pixels = await mapPixels(page);
      expect(pixels.coloured).toBeGreaterThan(500);
      expect(pixels.colours).toBeGreaterThan(3);

      // a partner with conflict: its Goldstein mean and QuadClass shares as the API sums them
      const gbr = partners.find((p) => p.partner === 'GBR')!;
      await page.selectOption('[data-testid="media-country"]', 'GBR');
      await page.waitForSelector('[data-testid="media-series"][data-points="1"]');
      expectClose(await cardValue('media-goldstein'), gbr.goldsteinMean!, 1e-12, 'Goldstein mean of GBR');
      expect(await page.textContent('[data-testid="media-goldstein"] .value')).toBe(i18nNumber(gbr.goldsteinMean!, 2));
      const quads = await texts('[data-testid="media-quads"] tr');
      expect(quads).toEqual(['Verbal cooperation', 'Material cooperation', 'Verbal conflict', 'Material conflict'].map((label, i) => `${label}${(gbr.quadShares![i] * 100).toFixed(1)}%`));
      // the downloads of the events lens: the API's CSV and JSON of the partners over the range
      for (const format of ['csv', 'json']) {
        const href = (await page.getAttribute(`[data-testid="link-media-events-${format}"]`, 'href'))!;
        const answer = await fetch(new URL(href, base));
        expect(answer.status, href).toBe(200);
        if (format === 'csv') expect((await answer.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe('home,partner,period,events,mentions,goldstein_mean,tone_mean,verbal_cooperation,material_cooperation,verbal_conflict,material_conflict,cooperation,conflict');
        else expect(((await answer.json()) as { items: unknown[] }).items).toHaveLength(partners.length);
      }
      await page.waitForTimeout(300);
      await fullShot('media-events');
    });

    it('registered sources and an ingested archive colour the coverage map; a country’s attention, tone, time series, themes, communicator types and articles match the constructed rows', async () => {
      const headers = { authorization: `Bearer ${token}` };
      const registered = await fetch(`${base}/api/media/sources`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(testSources) });
      expect(registered.status, await registered.clone().text()).toBe(201);
      const jsonl = testArticles.map(({ url, title, text, date, language }) => JSON.stringify({ url, title, text, date, language })).join('\n') + '\n';
      const ingested = await fetch(`${base}/api/media/ingest?filename=constructed-test-articles.jsonl`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-ndjson' }, body: jsonl });
      expect(ingested.status, await ingested.clone().text()).toBe(200);
      expect(((await ingested.json()) as { inserted: number }).inserted).toBe(testArticles.length);

      await page.goto(`${base}/#/media`);
      await page.reload();
      await page.waitForSelector(mediaMap);
      expect(await lensOf()).toBe('coverage');
      expect(await page.$('[data-testid="media-empty"]')).toBeNull();
      expect(Number(await page.getAttribute('[data-testid="map"]', 'data-coloured'))).toBe(2);
      await page.waitForTimeout(500);
      expect((await mapPixels(page)).coloured).toBeGreaterThan(50);

      // a click on a coloured country selects it
      const point = await pointInCountry(page);
      const box = (await page.locator('[data-testid="map"] canvas').first().boundingBox())!;
      await page.mouse.click(box.x + point.x, box.y + point.y);
      await page.waitForFunction(() => /[?&]country=(KEN|PAK)/.test(location.hash));
      const clicked = new URLSearchParams(page.url().split('?')[1]).get('country')!;
      expect(await page.textContent('[data-testid="media-selection"]')).toContain(clicked === 'KEN' ? 'Kenya' : 'Pakistan');
      await page.mouse.move(box.x + 1, box.y + 1);

      // Kenya, chosen from the list: 4 of its 7 articles mention China
      await page.selectOption('[data-testid="media-country"]', 'KEN');
      await page.waitForFunction(() => document.querySelector('[data-testid="media-selection"]')?.textContent?.startsWith('Kenya'));
      await page.waitForSelector('[data-testid="media-series"][data-points="2"]');
      const kenya = testArticles.filter((a) => a.country === 'KEN');
      const kenyaChina = kenya.filter((a) => a.china);
      expectClose(await cardValue('media-attention'), kenyaChina.length / kenya.length, 1e-12, 'attention of Kenya, 2024-03 to 2024-04');
      expect(await page.textContent('[data-testid="media-attention"] .value')).toBe(`${((100 * kenyaChina.length) / kenya.length).toFixed(1)}%`);
      expect(await cardValue('media-articles')).toBe(kenya.length);
      expect(await cardValue('media-home-articles')).toBe(kenyaChina.length);
      // tone: the mean over the articles that have one, as the article list gives them
      const listed = ((await (await fetch(`${base}/api/media/articles?country=KEN&period=2024&homeOnly=false`)).json()) as { items: { title: string; tone: number | null; mentionsHome: boolean }[] }).items;
      expect(listed.map((a) => a.title).sort()).toEqual(kenya.map((a) => a.title).sort());
      const tones = (rows: typeof listed) => rows.map((a) => a.tone).filter((x): x is number => x != null);
      expect(tones(listed.filter((a) => a.mentionsHome))).toHaveLength(kenyaChina.length - 1);
      expectClose(await cardValue('media-tone'), mean(tones(listed.filter((a) => a.mentionsHome))), 1e-9, 'mean tone of Kenyan articles on China');
      expectClose(await cardValue('media-baseline'), mean(tones(listed)), 1e-9, 'baseline tone of Kenya');

      // time series: one point a month, one a day with articles
      expect(await page.getAttribute('[data-testid="media-series"]', 'data-periods')).toBe('2');
      await page.selectOption('[data-testid="media-by"]', 'day');
      await page.waitForSelector('[data-testid="media-series"][data-by="day"]');
      expect(await page.getAttribute('[data-testid="media-series"]', 'data-periods')).toBe('61');
      expect(await page.getAttribute('[data-testid="media-series"]', 'data-points')).toBe(String(new Set(kenya.map((a) => a.date.slice(0, 10))).size));
      await page.selectOption('[data-testid="media-by"]', 'month');
      await page.waitForSelector('[data-testid="media-series"][data-by="month"][data-points="2"]');

      // breakdowns: theme shares among the articles on China, and communicator types
      await page.waitForSelector('[data-testid="media-themes"] tbody tr');
      const themeShare = (theme: string) => kenyaChina.filter((a) => a.themes.includes(theme)).length / kenyaChina.length;
      expect(await texts('[data-testid="media-themes"] tbody td:first-child')).toEqual(['Belt and Road Initiative', 'Win-win cooperation']);
      expectClose(Number(await page.getAttribute('[data-theme="belt_and_road"]', 'data-share')), themeShare('belt_and_road'), 1e-12, 'Belt and Road share');
      expectClose(Number(await page.getAttribute('[data-theme="win_win"]', 'data-share')), themeShare('win_win'), 1e-12, 'win-win share');
      expect(await texts('[data-testid="media-types"] tbody td:first-child')).toEqual(['Public broadcaster', 'Commercial media']);
      expect(await texts('[data-testid="media-types"] tbody td:nth-child(3)')).toEqual(['1', '3']);
      const typeOfArticle = (a: TestArticle) => testSources.find((source) => source.domain === new URL(a.url).hostname)!.communicatorType;
      for (const type of ['public_broadcaster', 'commercial_media']) {
        const ofType = kenya.filter((a) => typeOfArticle(a) === type);
        expectClose(Number(await page.getAttribute(`[data-testid="media-types"] [data-type="${type}"]`, 'data-attention')), ofType.filter((a) => a.china).length / ofType.length, 1e-12, `attention of Kenyan ${type}`);
      }

      // the articles behind the figures: those on China by default, every article on request, a theme's on a click
      await waitForArticles(kenyaChina.length);
      expect((await articleTitles()).sort()).toEqual(kenyaChina.map((a) => a.title).sort());
      const link = page.locator('[data-testid="media-articles-block"] tbody a', { hasText: 'Beijing hosts Belt and Road forum' });
      expect(await link.getAttribute('href')).toBe(kenya.find((a) => a.title.startsWith('Beijing'))!.url);
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toContain('noopener');
      expect(await page.textContent('[data-testid="media-page"]')).toBe(`1–${kenyaChina.length} of ${kenyaChina.length}`);
      await page.uncheck('[data-testid="media-home-only"]');
      await waitForArticles(kenya.length);
      expect((await articleTitles()).sort()).toEqual(kenya.map((a) => a.title).sort());
      await page.check('[data-testid="media-home-only"]');
      await page.click('[data-theme="belt_and_road"]');
      await waitForArticles(kenyaChina.filter((a) => a.themes.includes('belt_and_road')).length);
      expect((await articleTitles()).sort()).toEqual(kenyaChina.filter((a) => a.themes.includes('belt_and_road')).map((a) => a.title).sort());
      await page.click('[data-testid="media-clear-theme"]');
      await waitForArticles(kenyaChina.length);
      await page.waitForTimeout(400);
      await fullShot('media');

      // one month: the figures of that month alone
      await page.goto(`${base}/#/media?country=KEN&period=2024-03`);
      await page.waitForFunction(() => document.querySelector('[data-testid="media-selection"]')?.textContent?.includes('Period 2024-03'));
      const march = kenya.filter((a) => a.date.startsWith('2024-03'));
      expectClose(await cardValue('media-attention'), march.filter((a) => a.china).length / march.length, 1e-12, 'attention of Kenya in 2024-03');
      await waitForArticles(march.filter((a) => a.china).length);

      // a range across the turn of the year, December 2023 to April 2024: one sum of its days, so the
      // figures of the constructed articles (all in March and April 2024), not a mean of yearly means
      const asked: URL[] = [];
      const record = (request: { url(): string }) => void asked.push(new URL(request.url()));
      page.on('request', record);
      await page.goto(`${base}/#/media?country=KEN&from=2023-12&to=2024-04`);
      await page.waitForFunction(() => document.querySelector('[data-testid="media-selection"]')?.textContent?.includes('2023-12 to 2024-04'));
      await page.waitForFunction((n) => document.querySelector('[data-testid="media-articles"]')?.getAttribute('data-value') === String(n), kenya.length);
      expectClose(await cardValue('media-attention'), kenyaChina.length / kenya.length, 1e-12, 'attention of Kenya, 2023-12 to 2024-04');
      expect(await cardValue('media-home-articles')).toBe(kenyaChina.length);
      expectClose(await cardValue('media-tone'), mean(tones(listed.filter((a) => a.mentionsHome))), 1e-9, 'mean tone of Kenyan articles on China, 2023-12 to 2024-04');
      expectClose(await cardValue('media-baseline'), mean(tones(listed)), 1e-9, 'baseline tone of Kenya, 2023-12 to 2024-04');
      expect(await page.getAttribute('[data-testid="media-series"]', 'data-periods')).toBe('5');
      await waitForArticles(kenyaChina.length);
      expect((await articleTitles()).sort()).toEqual(kenyaChina.map((a) => a.title).sort());
      page.off('request', record);
      // the map and cards, and the breakdowns, ask for the range as one period; the articles take its label
      const rollups = asked.filter((u) => u.pathname === '/api/media/rollups' && u.searchParams.get('by') === 'range').map((u) => [u.searchParams.get('from'), u.searchParams.get('to'), u.searchParams.get('country')]);
      expect(rollups).toEqual(expect.arrayContaining([['2023-12-01', '2024-04-30', null], ['2023-12-01', '2024-04-30', 'KEN']]));
      expect(asked.filter((u) => u.pathname === '/api/media/rollups').every((u) => u.searchParams.get('by') !== 'year')).toBe(true);
      expect(asked.some((u) => u.pathname === '/api/media/articles' && u.searchParams.get('period') === '2023-12-01..2024-04-30')).toBe(true);

      // Chinese labels
      await page.goto(`${base}/#/media?country=KEN`);
      await waitForArticles(kenyaChina.length);
      await page.click('[data-testid="lang-zh"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="nav-media"]')?.textContent === '媒体');
      expect(await page.textContent('#media-title')).toBe('外国媒体中的中国');
      expect(await texts('[data-testid="media-themes"] tbody td:first-child')).toEqual(['一带一路', '合作共赢']);
      expect(await texts('[data-testid="media-types"] tbody td:first-child')).toEqual(['公共广播机构', '商业媒体']);
      expect(await page.textContent('[data-testid="media-attention"] .label')).toBe('关注度');
      expect(await page.textContent('[data-testid="media-selection"]')).toContain('肯尼亚');
      expect((await texts('[data-testid="media-articles-block"] tbody td:first-child'))[0]).toMatch(/^2024年4月22日/);
      // the article table's communicator types and themes, not only its dates
      expect(await texts('[data-testid="media-articles-block"] tbody td:nth-child(4)')).toEqual(['商业媒体', '商业媒体', '公共广播机构', '商业媒体']);
      expect(await texts('[data-testid="media-articles-block"] tbody td:nth-child(6)')).toEqual(['一带一路 (2)', '一带一路 (2)', '合作共赢 (2)', '一带一路 (2)']);
      await page.waitForTimeout(400);
      await fullShot('media-zh');
      await page.click('[data-testid="lang-en"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="nav-media"]')?.textContent === 'Media');
    });

    it('downloads the rollups as the API’s CSV and JSON, and the map as PNG', async () => {
      await open('media?lens=coverage', mediaMap);
      const fetchDownload = async (selector: string) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
        return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
      };
      const csv = await fetchDownload('[data-testid="link-media-rollups-csv"]');
      // the API's Content-Disposition names the file; it takes precedence over the link's download name
      expect(csv.name).toBe('media-rollups.csv');
      const lines = csv.bytes.toString('utf8').trim().split(/\r?\n/);
      expect(lines[0]).toBe('country,period,period_start,theme,communicator_type,articles,home_articles,type_articles,attention,theme_share,tone_mean,baseline_tone,tone_difference,mentions');
      // one row per source country and month: Kenya and Pakistan, March and April
      expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['KEN 2024-03', 'KEN 2024-04', 'PAK 2024-03', 'PAK 2024-04']);
      const kenyaMarch = testArticles.filter((a) => a.country === 'KEN' && a.date.startsWith('2024-03'));
      const [, , , , , articles, home, , attention] = lines[1].split(',');
      expect([Number(articles), Number(home)]).toEqual([kenyaMarch.length, kenyaMarch.filter((a) => a.china).length]);
      expectClose(Number(attention), kenyaMarch.filter((a) => a.china).length / kenyaMarch.length, 1e-12, 'attention in the CSV');
      const jsonFile = await fetchDownload('[data-testid="link-media-rollups-json"]');
      expect(jsonFile.name).toBe('media-rollups_2024-03_2024-04_all.json');
      const json = JSON.parse(jsonFile.bytes.toString('utf8')) as { items: unknown[]; total: number };
      expect(json.items).toHaveLength(4);
      const png = await fetchDownload('[data-testid^="png-media-map-"]');
      expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.bytes.length).toBeGreaterThan(5_000);
    });
  });

  it('keyboard only: Tab reaches the views and the ranking, focus is visible, Enter sorts and opens a country', async () => {
    await page.goto(`${base}/#/map?fw=${framework}`);
    await page.waitForSelector('[data-testid="map"] canvas');
    await page.locator('body').focus();
    await tabTo(page, '[data-testid="nav-rankings"]');
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    const table = `${framework}_ranking_${year}`;
    await page.waitForSelector(`[data-table="${table}"] tbody tr`);
    await tabTo(page, `[data-testid="sort-${table}-score"]`);
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-table="${table}"] th[aria-sort="descending"] [data-testid="sort-${table}-score"]`);
    await tabTo(page, `[data-table="${table}"] tbody tr[data-row]`);
    expect(await focusVisible(page)).toBe(true);
    const iso3 = await page.evaluate(() => document.activeElement!.getAttribute('data-row'));
    await shot('keyboard-rankings');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`#/country\\?.*iso3=${iso3}`));
    await page.waitForSelector('[data-testid="index-score"]');
  });

  it('at phone width no view scrolls sideways', async () => {
    const width = 390;
    const phoneContext = await browser.newContext({ viewport: { width, height: 844 }, isMobile: true, locale: 'zh-CN' });
    const phone = watch(await phoneContext.newPage());
    const wide: string[] = [];
    for (const view of ['map', 'media', 'rankings', 'country', 'compare', 'build', 'sensitivity', 'methodology', 'data']) {
      await phone.goto(`${base}/#/${view}?fw=${framework}`);
      await phone.waitForSelector(`main[data-view="${view}"] section h2`);
      await phone.waitForFunction(() => !document.querySelector('main [aria-live="polite"]'), undefined, { timeout: 20_000 });
      await phone.waitForTimeout(300);
      // A mobile browser widens its layout viewport to content that overflows, so the page is measured against the screen's width.
      const scrollWidth = await phone.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth));
      if (scrollWidth > width) wide.push(`${view}: ${scrollWidth} px wide on a ${width} px screen`);
    }
    await shot('phone-data', phone);
    await phoneContext.close();
    expect(wide).toEqual([]);
  });

  it('an uncertainty and sensitivity run started through the API shows rank interval bars and Sobol indices', async () => {
    const started = await fetch(`${base}/api/sensitivity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        framework,
        kind: 'sensitivity',
        n: 4,
        seed: 1,
        bootstrap: 20,
        assumptions: [
          { name: 'Pillar weights', kind: 'weight-noise', levels: [2], factor: 0.25, replicates: 20 },
          { name: 'Indicator weights', kind: 'weight-noise', levels: [1], factor: 0.25, replicates: 20 },
        ],
      }),
    });
    expect(started.status, await started.clone().text()).toBe(202);
    const job = (await started.json()) as { id: string };
    let status = '';
    for (let i = 0; i < 240 && !['succeeded', 'failed', 'cancelled', 'interrupted'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 500));
      const state = (await (await fetch(`${base}/api/jobs/${job.id}`)).json()) as { status: string; error: unknown };
      status = state.status;
      if (status === 'failed') throw new Error(`sensitivity job failed: ${JSON.stringify(state.error)}`);
    }
    expect(status).toBe('succeeded');
    const results = (await (await fetch(`${base}/api/frameworks/${framework}/results?limit=1000`)).json()) as { items: { rankInterval: unknown }[] };
    expect(results.items.some((r) => r.rankInterval)).toBe(true);

    const table = `${framework}_ranking_${year}`;
    await page.goto(`${base}/#/rankings?fw=${framework}`);
    await page.reload();
    await page.waitForSelector(`[data-table="${table}"] tbody tr .rankbar svg`);
    expect(await page.locator(`[data-table="${table}"] tbody tr .rankbar svg`).count()).toBeGreaterThan(20);
    await shot('rankings-intervals');
    const iso3 = (await rowIds(page, table))[0];
    await open(`country?fw=${framework}&iso3=${iso3}`, '[data-testid="index-score"] .rankbar svg');
    await shot('country-intervals');
    await open(`sensitivity?fw=${framework}`, '[data-chart^="sobol-"] canvas');
    expect(await page.locator('[data-testid="sensitivity-runs"] li').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-chart^="rank-intervals-"] canvas');
    await page.waitForTimeout(600);
    await shot('sensitivity-runs');
    await page.locator('[data-chart^="sobol-"]').screenshot({ path: join(screenshots, 'sensitivity-sobol.png') });
  }, 150_000);

  it('no view logged a console error or threw', () => {
    expect(consoleErrors).toEqual([]);
  });
});
