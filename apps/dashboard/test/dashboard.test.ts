import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { unzipSync, strFromU8 } from 'fflate';
import { createApp, loadBundledData, openStore, type Store } from '@softpower/server';

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

async function rowIds(page: Page, table: string): Promise<string[]> {
  return page.$$eval(`[data-table="${table}"] tbody tr`, (rows) => rows.map((r) => r.getAttribute('data-row') ?? ''));
}

async function cellTexts(page: Page, table: string, column: number): Promise<string[]> {
  return page.$$eval(`[data-table="${table}"] tbody tr`, (rows, c) => rows.map((r) => r.children[c]?.textContent ?? ''), column);
}

const numberOf = (text: string) => Number(text.replace(/[^\d.-]/g, ''));

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
    server = await createApp({ store, dashboardDir: dist });
    base = (await server.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
    const frameworks = (await (await fetch(`${base}/api/frameworks`)).json()) as { items: { id: string; latestBuildId: string | null }[] };
    const withBuild = frameworks.items.filter((f) => f.latestBuildId);
    framework = (withBuild.find((f) => f.id === 'cultural-soft-power') ?? withBuild[0]).id;
    const results = (await (await fetch(`${base}/api/frameworks/${framework}/results?limit=1`)).json()) as { year: number };
    year = results.year;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
  }, 180_000);

  afterAll(async () => {
    await writeFile(join(screenshots, 'timings.json'), JSON.stringify(timings, null, 2) + '\n').catch(() => {});
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  it('serves the dashboard at / and draws the map with every country coloured by its score', async () => {
    const started = Date.now();
    await page.goto(`${base}/#/map?fw=${framework}`);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute('data-coloured')) > 0, undefined, { timeout: 20_000 });
    await page.waitForTimeout(600);
    timings.mapReadyMs = Date.now() - started;
    timings.firstContentfulPaintMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    timings.worldMapPreparationMs = await page.evaluate(() => performance.getEntriesByName('softpower:world-map')[0]?.duration ?? NaN);
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
    const other = await context.newPage();
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
    await open(`map?fw=${framework}`, '[data-testid="map"] canvas');
    await page.waitForTimeout(800);
    await shot('map-zh');
    await page.click('[data-testid="lang-en"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-map"]')?.textContent === 'Map');

    const chinese = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const phone = await chinese.newPage();
    await phone.goto(`${base}/#/map?fw=${framework}`);
    await phone.waitForSelector('[data-testid="map"] canvas');
    expect(await phone.textContent('[data-testid="nav-map"]')).toBe('地图');
    await phone.waitForTimeout(800);
    await shot('phone-map-zh', phone);
    await phone.goto(`${base}/#/country?fw=${framework}&iso3=${iso3}`);
    await phone.waitForSelector('[data-chart^="radar-"] canvas');
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
});
