// Every page type of the shipped catalog opens in a real browser, in Polish and English, with
// no console error, no failed or third-party request, one h1 and its language declared.
// Screenshots at 1280 px and 320 px (and 320 px in the dark scheme) are kept in tests/artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, screenshot, serve } from './harness.mjs';

let server, browser, operationPath;

before(async () => {
  server = await serve();
  browser = await launch();
  const { page, context } = await open(browser, '/apis/ksef/');
  operationPath = await page.$eval('a[href*="/operations/"]', (a) => new URL(a.href).pathname);
  await context.close();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const pageTypes = () => [
  ['home', '/'],
  ['api', '/apis/ksef/'],
  ['reference', '/apis/ksef/reference/'],
  ['operation', operationPath],
  ['institution', '/institutions/mf/'],
  ['category', '/categories/finanse/'],
  ['status', '/status/prototype/'],
  ['initiative', '/initiatives/ocena-zdolnosci-kredytowej/'],
  ['stats', '/stats/'],
  ['accessibility', '/deklaracja-dostepnosci/'],
  ['open-data', '/dane-otwarte/'],
];

for (const lang of ['pl', 'en']) {
  test(`every page type opens cleanly (${lang})`, async () => {
    for (const [name, path] of pageTypes()) {
      const url = lang === 'pl' ? path : '/en' + path;
      for (const [width, colorScheme] of [[1280, 'light'], [320, 'light'], [320, 'dark']]) {
        const { page, context, problems, response } = await open(browser, url, { viewport: { width, height: 900 }, colorScheme });
        assert.equal(response.status(), 200, url);
        assert.deepEqual(problems, [], url);
        assert.equal(await page.getAttribute('html', 'lang'), lang, url);
        assert.equal(await page.locator('h1').count(), 1, `${url}: one h1`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (width === 320) assert.ok(overflow <= 1, `${url} scrolls sideways at 320 px by ${overflow}px`);
        await screenshot(page, `${lang}-${name}-${width}${colorScheme === 'dark' ? '-dark' : ''}`);
        await context.close();
      }
    }
  });
}

test('a missing page answers 404 with the site\'s own page', async () => {
  const { page, context, response } = await open(browser, '/nie-ma-takiej-strony/');
  assert.equal(response.status(), 404);
  assert.equal(await page.locator('h1').count(), 1);
  await context.close();
});
