// axe-core over every page type of the shipped catalog, in Polish and English, in the light and
// the dark colour scheme, at 1280 and 320 px, with the WCAG 2.0/2.1 A and AA rules. The operation
// page is checked with its try-it console built and a sandbox response shown, the search page
// with its results, so the parts that JavaScript adds are checked too. Prints the count of
// violations (and of what axe leaves for a person to review); asserts there are no violations.
//
// axe is evaluated through the DevTools protocol (page.evaluate): that is not subject to the
// page's Content-Security-Policy (script-src 'self'), which stays as the site sends it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launch, serve, base } from './harness.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server, browser;
const paths = {};

// Some pages are found by following the catalog rather than named here: the ids may change.
async function firstLink(page, from, selector) {
  await page.goto(base + from);
  const href = await page.$eval(selector, (a) => new URL(a.href).pathname);
  return href;
}

before(async () => {
  server = await serve();
  browser = await launch();
  const page = await browser.newPage();
  paths.operation = await firstLink(page, '/apis/ksef/', 'a[href*="/operations/"]');
  paths.schema = await firstLink(page, '/apis/ksef/reference/', 'a[href*="/schemas/"]');
  paths.initiative = await firstLink(page, '/initiatives/', 'main a[href^="/initiatives/"]');
  paths.tag = await firstLink(page, '/apis/ksef/', 'main a[href^="/tags/"]');
  paths.diff = await firstLink(page, '/apis/ksef/', 'main a[href*="/diff/"]');
  await page.close();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

// [name, path, what to wait for before checking]
const pageTypes = () => [
  ['home', '/'],
  ['category', '/categories/finanse/'],
  ['status', '/status/prototype/'],
  ['access', '/access/open/'],
  ['tag', paths.tag],
  ['institutions', '/institutions/'],
  ['institution', '/institutions/mf/'],
  ['initiatives', '/initiatives/'],
  ['initiative', paths.initiative],
  ['api', '/apis/ksef/'],
  ['reference', '/apis/ksef/reference/'],
  ['operation', paths.operation, '#try-it form'],
  ['schema', paths.schema],
  ['version-diff', paths.diff],
  ['stats', '/stats/'],
  ['search', '/search/?q=faktura', '[data-search-done="faktura"]'],
  ['404', '/nie-ma-takiej-strony/'],
  ['accessibility', '/deklaracja-dostepnosci/'],
  ['open-data', '/dane-otwarte/'],
];

// One line per violated rule and element, short enough to read in a CI log.
function describe(url, scheme, violations) {
  return violations.flatMap((v) => v.nodes.map((n) =>
    `${url} [${scheme}] ${v.id} (${v.impact}): ${n.target.join(' ')} — ${(n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)}`));
}

test('axe-core finds no WCAG 2.1 A/AA violation on any page type, pl/en, light/dark, 1280/320 px', async () => {
  const found = [];
  let checked = 0;
  const review = []; // what axe could not decide (e.g. text over an image): reported, not failed
  // Both widths: at 320 px code blocks and tables scroll sideways, which brings rules of its own.
  for (const lang of ['pl', 'en']) {
    for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 320], ['dark', 320]]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      for (const [name, path, ready] of pageTypes()) {
        const url = (lang === 'pl' ? '' : '/en') + path;
        const response = await page.goto(base + url, { waitUntil: 'load' });
        assert.equal(response.status(), name === '404' ? 404 : 200, url);
        if (ready) await page.locator(ready).first().waitFor({ state: 'visible', timeout: 20000 });
        if (name === 'operation') {
          assert.equal(await page.locator('#try-it').isVisible(), true, `${url}: the try-it console is shown`);
          // with a response shown too (the sandbox of `katalog serve` answers)
          await page.click('#try-it button[type="submit"]');
          await page.locator('.tryit-result h3').waitFor({ state: 'visible', timeout: 20000 });
        }
        await page.evaluate(axeSource);
        const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] }), TAGS);
        const lines = describe(url, `${scheme} ${width}px`, result.violations);
        found.push(...lines);
        review.push(...describe(url, `${scheme} ${width}px`, result.incomplete));
        checked++;
      }
      await context.close();
    }
  }
  console.log(`a11y.axe.pages_checked ${checked}`);
  console.log(`a11y.axe.violations ${found.length}`);
  console.log(`a11y.axe.needs_review ${review.length}`);
  for (const line of review) console.log(`review: ${line}`);
  for (const line of found) console.log(line);
  assert.equal(found.length, 0, found.join('\n'));
});
