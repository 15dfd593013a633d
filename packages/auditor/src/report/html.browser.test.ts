import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { HOSTILE, hostileResult } from '@aro-aks-audit/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from './html.ts';

// The HTML report in a real browser: Debian's Chromium (installed by `./run test` when missing), driven
// by playwright-core; no browser is ever downloaded. The demo page is the golden report.html, which
// reports.golden.test.ts keeps equal to what renderHtml writes for the demo.
const CHROMIUM = '/usr/bin/chromium';

// The functions given to page.evaluate run in the page, where these DOM globals exist; the project's
// types are Node's, so the little of the DOM they use is declared here, for this file only.
interface PageElement {
  textContent: string | null;
  id: string;
}
declare const document: {
  querySelectorAll(selector: string): PageElement[];
  getElementById(id: string): PageElement | null;
  scripts: { length: number };
  images: { length: number };
};
declare const window: { pwned?: unknown };
declare function getComputedStyle(element: PageElement): { display: string; color: string; backgroundColor: string };
const repo = path.resolve(import.meta.dirname, '../../../..');
const screenshots = path.join(repo, 'out/browser');

interface LoadedPage {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
}

let browser: Browser;

async function load(html: string): Promise<LoadedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const loaded: LoadedPage = { page: await context.newPage(), errors: [], requests: [], dialogs: [] };
  // Every request is refused and recorded: the report must not make any.
  await context.route('**/*', (route) => {
    loaded.requests.push(route.request().url());
    return route.abort();
  });
  loaded.page.on('request', (request) => {
    if (!loaded.requests.includes(request.url())) loaded.requests.push(request.url());
  });
  loaded.page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') loaded.errors.push(message.text());
  });
  loaded.page.on('pageerror', (error) => loaded.errors.push(error.message));
  loaded.page.on('dialog', (dialog) => {
    loaded.dialogs.push(dialog.message());
    return dialog.dismiss();
  });
  await loaded.page.setContent(html, { waitUntil: 'load' });
  return loaded;
}

const visibleFindings = (page: Page) =>
  page.evaluate(() => document.querySelectorAll('#findings tbody.finding:not([hidden])').length);

describe('report.html in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `${CHROMIUM} is missing: apt-get install -y chromium (./run test installs it when apt-get exists)`,
      );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000); // a launch takes about a second, longer on a busy machine
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the demo report with no console error and no request; filters, sorting and expanding work', async () => {
    const html = readFileSync(path.join(repo, 'fixtures/golden/report.html'), 'utf8');
    const { page, errors, requests } = await load(html);
    const total = await page.evaluate(() => document.querySelectorAll('#findings tbody.finding').length);
    const open = await page.evaluate(
      () => document.querySelectorAll('#findings tbody.finding[data-open="true"]').length,
    );
    expect(total).toBeGreaterThan(open);
    // The page opens on the open findings (fail, unknown), which the script filters to.
    expect(await visibleFindings(page)).toBe(open);
    expect(await page.textContent('#f-count')).toBe(`${open} of ${total} findings shown`);

    await page.selectOption('#f-severity', 'high');
    const high = await page.evaluate(
      () => document.querySelectorAll('#findings tbody.finding[data-open="true"][data-severity="high"]').length,
    );
    expect(high).toBeGreaterThan(0);
    expect(await visibleFindings(page)).toBe(high);

    await page.selectOption('#f-severity', '');
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-check', 'overly-broad-rule');
    const broad = await page.evaluate(
      () => document.querySelectorAll('#findings tbody.finding[data-check="overly-broad-rule"]').length,
    );
    expect(await visibleFindings(page)).toBe(broad);
    await page.fill('#f-text', 'jumpbox-any');
    expect(await visibleFindings(page)).toBe(1);

    // Expand: the evidence and the fix of the finding appear.
    const finding = page.locator('#findings tbody.finding:not([hidden])').first();
    await expect(finding.locator('tr.detail').isVisible()).resolves.toBe(false);
    await finding.locator('button.expand').click();
    await expect(finding.locator('tr.detail').isVisible()).resolves.toBe(true);
    expect(await finding.locator('tr.detail').textContent()).toMatch(/Fix\..*jumpbox-any/s);

    // Sort by severity, ascending then descending: the first row flips between the least and most severe.
    await page.fill('#f-text', '');
    await page.selectOption('#f-check', '');
    const firstSeverity = () =>
      page.locator('#findings tbody.finding:not([hidden])').first().getAttribute('data-severity');
    await page.click('th[data-sort="rank"]');
    expect(await firstSeverity()).toBe('high');
    await page.click('th[data-sort="rank"]');
    expect(await firstSeverity()).toBe('info');

    await page.click('th[data-sort="rank"]');
    await page.selectOption('#f-status', 'open');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'report-demo.png'), fullPage: false });
    expect(existsSync(path.join(screenshots, 'report-demo.png'))).toBe(true);

    // Printed: no controls, and the evidence and fix of every open finding without expanding it.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.controls').isVisible()).toBe(false);
    const printedDetails = await page.evaluate(
      () =>
        [...document.querySelectorAll('#findings tbody.finding:not([hidden]) tr.detail')].filter(
          (row) => getComputedStyle(row).display === 'table-row',
        ).length,
    );
    expect(printedDetails).toBe(open);
    await page.emulateMedia({ media: 'screen' });

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('leads with each cluster’s verdict and what it may reach beyond its needs; optional endpoints apart and neutral', async () => {
    const html = readFileSync(path.join(repo, 'fixtures/golden/report.html'), 'utf8');
    const { page, errors } = await load(html);
    // The clusters' answer is the first section after the header (no baseline, no incomplete banner).
    const first = await page.evaluate(() => document.querySelectorAll('main > section')[0]?.id);
    expect(first).toBe('clusters');
    const rows = await page
      .locator('#cluster-verdicts tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('th')?.textContent?.split(' ')[0], tr.getAttribute('data-verdict')]),
      );
    // The demo's clusters (fixtures/README.md): prod and team B blocked, legacy bypassing, the others ok; most urgent first.
    expect(rows).toEqual([
      ['aks-prod-eastus', 'blocked'],
      ['aks-teamb-eastus', 'blocked'],
      ['aks-legacy-eastus', 'bypass'],
      ['arc-edge-store-042', 'ok'],
      ['aro-prod-eastus', 'ok'],
    ]);
    const teamB = page.locator('#cluster-verdicts tr', { hasText: 'aks-teamb-eastus' });
    expect(await teamB.textContent()).toContain('cannot reach 1 required endpoint: *.data.mcr.microsoft.com');
    expect(await teamB.locator('ul.beyond li').textContent()).toBe(
      'wildcard afwp-base / rcg-platform-aks / aks-fqdn-team-b / team-b-core: *.hcp.eastus.azmk8s.io, ghcr.io, pkg-containers.githubusercontent.com on Https 443',
    );
    await page.screenshot({ path: path.join(screenshots, 'report-demo-clusters.png') });

    // Denied optional endpoints: their own section, not in the problems table, in a neutral colour.
    expect(await page.locator('#optional-denied tbody tr').count()).toBe(18);
    expect(await page.locator('#findings tbody.finding', { hasText: 'security.ubuntu.com' }).count()).toBe(0);
    const colours = await page
      .locator('#optional-denied td')
      .evaluateAll((tds) => [...new Set(tds.map((td) => getComputedStyle(td).color))]);
    expect(colours).toEqual(['rgb(27, 31, 36)']); // the page's text colour, not the red of a failure

    // An expanded finding is headed by its problem, the same words as its row.
    const finding = page
      .locator('#findings tbody.finding:not([hidden])', { hasText: 'aks-teamb-eastus cannot reach' })
      .first();
    await finding.locator('button.expand').click();
    const problem = await finding.locator('tr:first-child td:last-child').textContent();
    expect(await finding.locator('h3.headline').textContent()).toBe(problem);
    expect(problem).toBe(
      'aks-teamb-eastus cannot reach required endpoint *.data.mcr.microsoft.com (TCP/Https 443) through firewall afw-hub',
    );
    // Problems are ordered by severity, then status.
    const ranks = await page
      .locator('#findings tbody.finding')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-rank'))));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // What passed is summarised per check and resource.
    expect(await page.locator('#settled-summary tbody tr').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('renders hostile names as text: nothing runs, nothing loads', async () => {
    const { page, errors, requests, dialogs } = await load(renderHtml(hostileResult()));
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    // Exactly the report's own two scripts and no image made it into the document.
    expect(await page.evaluate(() => document.scripts.length)).toBe(2);
    expect(await page.evaluate(() => document.images.length)).toBe(0);
    const cells = await page.evaluate(() => [...document.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).toContain(HOSTILE.attributeBreaker);
    expect(cells).toContain(HOSTILE.scriptTag);
    // The hostile cluster name is a working filter value.
    await page.selectOption('#f-cluster', HOSTILE.scriptTag);
    expect(await visibleFindings(page)).toBe(1);
    // The embedded result parses back to the result, hostile strings and all.
    const embedded = await page.evaluate(() => document.getElementById('result-data')?.textContent ?? '');
    expect(JSON.parse(embedded)).toEqual(hostileResult());
    await page.screenshot({ path: path.join(screenshots, 'report-hostile.png') });
  });
});
