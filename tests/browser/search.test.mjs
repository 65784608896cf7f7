// Search in a real browser, against the built site: the query set of queries.json through
// search.js (recall@3 and MRR printed; recall@3 at least 0.95), each query's top 3 the same as
// the Rust engine's (search/examples/query.rs over the same index files), the search page
// (results grouped by API, highlighted, facets with counts, state in the URL, arrow keys), the
// home page's suggestions, and the page without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, screenshot, serve, root } from './harness.mjs';

const queries = JSON.parse(readFileSync(join(root, 'tests', 'browser', 'queries.json'), 'utf8'));
const site = process.env.KATALOG_SITE || join(root, 'tests', 'artifacts', 'site');
let server, browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

// `apis/<api>/`, `apis/<api>/operations/<key>/`, `institutions/<id>/`, `initiatives/<id>/` → the
// ids queries.json expects.
function docId(url) {
  const path = new URL(url, 'http://x').pathname.replace(/^\/en\//, '/');
  let m = path.match(/^\/apis\/([^/]+)\/(?:operations\/([^/]+)\/)?$/);
  if (m) return m[2] ? `${m[1]}/${m[2]}` : m[1];
  m = path.match(/^\/(institutions|initiatives)\/([^/]+)\/$/);
  if (m) return `${m[1] === 'institutions' ? 'institution' : 'initiative'}/${m[2]}`;
  return path;
}

const meets = (id, expect) => id === expect || (!expect.includes('/') && id.startsWith(expect + '/'));

// Runs every query through search.js in the page; returns [{q, top: [doc], urls: [url]}].
async function runInPage(page, n) {
  return page.evaluate(async ({ qs, n }) => {
    const eng = await window.KatalogSearch.open();
    const out = [];
    for (const q of qs) {
      const r = await eng.search(q);
      const top = r.hits.slice(0, n).map((h) => h.doc);
      const recs = await eng.docs(top);
      out.push({ q, top, urls: recs.map((x) => x.u) });
    }
    return out;
  }, { qs: queries.map((q) => q.q), n });
}

function metrics(results) {
  let found = 0, rr = 0;
  const misses = [];
  const byClass = new Map();
  results.forEach((r, i) => {
    const { expect, class: cls } = queries[i];
    const pos = r.urls.map(docId).findIndex((id) => meets(id, expect));
    const c = byClass.get(cls) || { n: 0, found: 0 };
    byClass.set(cls, c);
    c.n++;
    if (pos >= 0) rr += 1 / (pos + 1);
    if (pos >= 0 && pos < 3) { found++; c.found++; } else misses.push(`${r.q}: ${expect} at ${pos + 1}: ${r.urls.slice(0, 3).map(docId).join(', ')}`);
  });
  return { recall: found / results.length, mrr: rr / results.length, found, misses, byClass };
}

test('the query set ranks in Chromium as in Rust, recall@3 >= 0.95', async () => {
  const { page, context, problems } = await open(browser, '/search/');
  const browserTop = await runInPage(page, 10);
  const m = metrics(browserTop);
  console.log(`search.browser.recall_at_3 ${m.recall.toFixed(3)} (${m.found}/${queries.length})`);
  console.log(`search.browser.mrr ${m.mrr.toFixed(3)}`);
  for (const [cls, c] of m.byClass) console.log(`search.browser.recall_at_3.${cls} ${(c.found / c.n).toFixed(3)} (${c.found}/${c.n})`);
  for (const miss of m.misses) console.log(`miss: ${miss}`);
  assert.ok(m.recall >= 0.95, `recall@3 ${m.recall}:\n${m.misses.join('\n')}`);

  execFileSync('cargo', ['build', '-q', '-p', 'search', '--example', 'query'], { cwd: root, stdio: 'inherit' });
  const bin = join(root, 'target', 'debug', 'examples', 'query');
  const lines = execFileSync(bin, [join(site, 'search-index', 'pl'), join(root, 'tests', 'browser', 'queries.json'), '3'], { encoding: 'utf8' })
    .trim().split('\n').map((l) => JSON.parse(l));
  const differ = lines.filter((r, i) => JSON.stringify(r.top) !== JSON.stringify(browserTop[i].top.slice(0, 3)))
    .map((r) => `${r.q}: rust ${r.top} browser ${browserTop[lines.indexOf(r)].top.slice(0, 3)}`);
  console.log(`search.browser_vs_rust.same_top3 ${lines.length - differ.length}/${lines.length}`);
  assert.deepEqual(differ, [], 'top 3 differ between search.js and query.rs');
  assert.deepEqual(problems, []);
  await context.close();
});

async function searchFor(page, q) {
  await page.fill('#search-page-q', q);
  await page.waitForSelector(`[data-search-done="${q}"]`);
}

test('the search page shows results grouped by API, highlighted, with facets and the query in the URL', async () => {
  const { page, context, problems } = await open(browser, '/search/?q=faktury');
  await page.waitForSelector('[data-search-done="faktury"]');
  assert.equal(await page.locator('[data-search-nojs]').isHidden(), true);
  assert.equal(await page.inputValue('#search-page-q'), 'faktury');
  const status = await page.textContent('[data-search-status]');
  assert.match(status, /\d+ wynik/);
  const first = page.locator('.search-results > li').first();
  assert.equal(await first.locator('h2 a').getAttribute('href'), '/apis/ksef/');
  assert.ok(await first.locator('.search-ops li').count() >= 1, 'matching operations under the API');
  assert.ok(await page.locator('.search-results mark').count() >= 1, 'highlighted words');
  assert.equal(await page.locator('.search-results script').count(), 0);
  // Facets with counts; choosing one filters the results and goes to the URL.
  assert.ok(await page.locator('.search-facet').count() >= 4, 'institution, category, status, access, auth');
  await searchFor(page, 'rachunek');
  const box = page.locator('.search-facet input[name="status"][value="production"]');
  assert.match(await page.locator(`label[for="${await box.getAttribute("id")}"] .count`).textContent(), /^\d+$/);
  await box.check();
  await page.waitForFunction(() => location.search.includes('status=production'));
  await page.waitForSelector('[data-search-done="rachunek"]:not([aria-busy])');
  assert.match(page.url(), /q=rachunek/);
  await screenshot(page, 'pl-search-1280');
  // A shared URL restores the query and the filter.
  const shared = page.url();
  const again = await open(browser, new URL(shared).pathname + new URL(shared).search);
  await again.page.waitForSelector('[data-search-done="rachunek"]');
  assert.equal(await again.page.isChecked('.search-facet input[name="status"][value="production"]'), true);
  await again.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('results are reached with arrow keys and the count is announced', async () => {
  const { page, context } = await open(browser, '/search/');
  await page.focus('#search-page-q');
  await page.keyboard.type('nip');
  await page.waitForSelector('[data-search-done="nip"]');
  assert.equal(await page.getAttribute('[data-search-status]', 'role'), 'status');
  await page.keyboard.press('ArrowDown');
  const firstHref = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.ok(firstHref && firstHref.startsWith('/apis/'), firstHref);
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.notEqual(second, firstHref);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-page-q');
  await context.close();
});

test('the home page suggests as you type and opens a suggestion with Enter', async () => {
  const { page, context, problems } = await open(browser, '/');
  const indexRequests = [];
  page.on('request', (r) => { if (r.url().includes('/search-index/')) indexRequests.push(new URL(r.url()).pathname); });
  const field = '#home-search-q';
  // An ARIA combobox controlling a listbox; nothing of the index is fetched before the field is used.
  assert.equal(await page.getAttribute(field, 'role'), 'combobox');
  assert.equal(await page.getAttribute(field, 'aria-expanded'), 'false');
  const listId = await page.getAttribute(field, 'aria-controls');
  assert.equal(await page.getAttribute(`#${listId}`, 'role'), 'listbox');
  assert.ok(await page.getAttribute(`#${listId}`, 'aria-label'), 'the listbox is named');
  await page.waitForTimeout(300);
  assert.deepEqual(indexRequests, [], 'no index file fetched on page load');
  await page.focus(field);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/search-index/pl/manifest.json.gz')));
  assert.deepEqual(indexRequests, ['/search-index/pl/manifest.json.gz'], 'focus fetches the manifest only');

  await page.keyboard.type('kursy walut');
  await page.waitForSelector('form[data-search-done="kursy walut"]');
  const options = page.locator(`#${listId} [role="option"]`);
  assert.ok(await options.count() >= 2, 'several suggestions');
  assert.equal(await page.getAttribute(field, 'aria-expanded'), 'true');
  assert.equal(await page.locator(`#${listId}`).isVisible(), true);
  assert.equal(await page.getAttribute(field, 'aria-activedescendant'), null, 'nothing chosen before an arrow key');
  // Arrow keys move the choice; the field keeps the focus.
  await page.keyboard.press('ArrowDown');
  const first = await options.nth(0).getAttribute('id');
  assert.equal(await page.getAttribute(field, 'aria-activedescendant'), first);
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute(field, 'aria-activedescendant'), await options.nth(1).getAttribute('id'));
  assert.equal(await options.nth(0).getAttribute('aria-selected'), 'false');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.getAttribute(field, 'aria-activedescendant'), first);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'home-search-q');
  await screenshot(page, 'pl-home-suggest-1280');
  // Escape closes the list; Down opens it again.
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute(field, 'aria-expanded'), 'false');
  assert.equal(await page.locator(`#${listId}`).isHidden(), true);
  assert.equal(await page.getAttribute(field, 'aria-activedescendant'), null);
  assert.equal(await page.inputValue(field), 'kursy walut');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getAttribute(field, 'aria-expanded'), 'true');
  assert.equal(await page.getAttribute(field, 'aria-activedescendant'), first);
  // Enter opens the chosen suggestion: the NBP API or one of its operations.
  await Promise.all([page.waitForURL(/\/apis\/nbp\//), page.keyboard.press('Enter')]);
  assert.match(new URL(page.url()).pathname, /^\/apis\/nbp\//);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the home page form without a chosen suggestion goes to the search page, with and without JavaScript', async () => {
  for (const javaScript of [true, false]) {
    const { page, context, problems } = await open(browser, '/', { javaScript });
    await page.focus('#home-search-q');
    await page.keyboard.type('NIP');
    if (javaScript) await page.waitForSelector('form[data-search-done="NIP"]');
    await Promise.all([page.waitForURL(/\/search\/\?q=NIP/), page.keyboard.press('Enter')]);
    if (javaScript) await page.waitForSelector('[data-search-done="NIP"]');
    else assert.equal(await page.locator('[data-search-nojs]').isVisible(), true);
    assert.deepEqual(problems, [], `javaScript ${javaScript}`);
    await context.close();
  }
});

test('the search page and the suggestions fit 320 px, in light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 320]) {
      const viewport = { width, height: 900 };
      const tag = `${colorScheme}-${width}`;
      const s = await open(browser, '/search/?q=faktury', { viewport, colorScheme });
      await s.page.waitForSelector('[data-search-done="faktury"]');
      const over = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(over <= 1, `search page scrolls sideways by ${over}px (${tag})`);
      await screenshot(s.page, `pl-search-${tag}`);
      assert.deepEqual(s.problems, [], tag);
      await s.context.close();

      const h = await open(browser, '/', { viewport, colorScheme });
      await h.page.focus('#home-search-q');
      await h.page.keyboard.type('/api/search/nip');
      await h.page.waitForSelector('form[data-search-done="/api/search/nip"]');
      await h.page.keyboard.press('ArrowDown');
      await h.page.keyboard.press('ArrowDown');
      const box = await h.page.locator('#home-search-q-list').boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width + 1, `suggestions inside the page (${tag}): ${JSON.stringify(box)}`);
      const hOver = await h.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(hOver <= 1, `home page with suggestions scrolls sideways by ${hOver}px (${tag})`);
      await screenshot(h.page, `pl-home-suggest-${tag}`);
      assert.deepEqual(h.problems, [], tag);
      await h.context.close();
    }
  }
});

test('English pages search the English index', async () => {
  const { page, context, problems } = await open(browser, '/en/search/?q=exchange%20rates');
  await page.waitForSelector('[data-search-done="exchange rates"]');
  assert.match(await page.textContent('[data-search-status]'), /result/);
  const href = await page.locator('.search-results h2 a').first().getAttribute('href');
  assert.ok(href.startsWith('/en/apis/'), href);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript the search page points to the lists with facets', async () => {
  const { page, context } = await open(browser, '/search/', { javaScript: false });
  assert.equal(await page.locator('[data-search-nojs]').isVisible(), true);
  assert.equal(await page.locator('[data-search-app]').isHidden(), true);
  const links = await page.$$eval('[data-search-nojs] a', (as) => as.map((a) => new URL(a.href).pathname));
  assert.deepEqual(links, ['/', '/institutions/', '/initiatives/']);
  await context.close();
});
