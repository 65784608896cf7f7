// The accessibility statement ("Deklaracja dostępności") in the structure the Polish rules fix:
// each required a11y-… id exactly once, untranslated, in Polish and English; its dates in
// <time datetime="YYYY-MM-DD">; its data those of content/pages/deklaracja-dostepnosci.md.
// (That every page's footer links to it is checked by crawl.test.mjs, which sees every page.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, open, serve, root } from './harness.mjs';

const IDS = ['a11y-wstep', 'a11y-podmiot', 'a11y-zakres', 'a11y-url', 'a11y-data-publikacja', 'a11y-data-aktualizacja',
  'a11y-status', 'a11y-kontakt', 'a11y-email', 'a11y-telefon', 'a11y-procedura', 'a11y-data-sporzadzenie',
  'a11y-architektura', 'a11y-komunikacja'];
const DATES = { 'a11y-data-publikacja': 'published', 'a11y-data-aktualizacja': 'updated', 'a11y-data-sporzadzenie': 'prepared' };

// The front matter's flat `key: value` lines (enough for the fields compared here).
const source = readFileSync(join(root, 'content', 'pages', 'deklaracja-dostepnosci.md'), 'utf8');
const front = Object.fromEntries([...source.split('---')[1].matchAll(/^([a-z_]+):[ \t]*"?([^"\n|]+?)"?[ \t]*$/gm)].map((m) => [m[1], m[2]]));

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

for (const [lang, path] of [['pl', '/deklaracja-dostepnosci/'], ['en', '/en/deklaracja-dostepnosci/']]) {
  test(`the statement has each required id once, dates in <time datetime> (${lang})`, async () => {
    const { page, context, response, problems } = await open(browser, path, { javaScript: false });
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    for (const id of IDS) {
      assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `${path}: #${id} exactly once`);
      assert.notEqual((await page.locator(`[id="${id}"]`).textContent()).trim(), '', `${path}: #${id} is not empty`);
    }
    for (const [id, field] of Object.entries(DATES)) {
      const el = page.locator(`[id="${id}"]`);
      assert.equal(await el.evaluate((e) => e.tagName), 'TIME', `${path}: #${id} is a <time>`);
      const datetime = await el.getAttribute('datetime');
      assert.match(datetime, /^\d{4}-\d{2}-\d{2}$/, `${path}: #${id} datetime`);
      assert.equal(datetime, front[field], `${path}: #${id} is the front matter's ${field}`);
    }
    assert.equal((await page.textContent('#a11y-podmiot')).trim(), front.entity);
    assert.equal(await page.getAttribute('#a11y-url', 'href'), front.url);
    assert.equal(await page.getAttribute('#a11y-email', 'href'), `mailto:${front.email}`);
    assert.equal(await page.getAttribute('#a11y-telefon', 'href'), `tel:${front.phone.replace(/\s/g, '')}`);
    // The sections in the order of the statement's template.
    const order = await page.$$eval('[id^="a11y-"]', (els) => els.map((e) => e.id));
    const expected = ['a11y-wstep', 'a11y-zakres', 'a11y-data-publikacja', 'a11y-status', 'a11y-data-sporzadzenie',
      'a11y-kontakt', 'a11y-procedura', 'a11y-architektura', 'a11y-komunikacja'];
    assert.deepEqual(order.filter((id) => expected.includes(id)), expected, `${path}: sections in order`);
    for (const id of ['a11y-kontakt', 'a11y-procedura', 'a11y-architektura', 'a11y-komunikacja']) {
      assert.equal(await page.locator(`[id="${id}"]`).evaluate((e) => e.tagName), 'H2', `${path}: #${id} is a section heading`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the English statement is in English, the Polish one in Polish', async () => {
  const { page: pl, context: c1 } = await open(browser, '/deklaracja-dostepnosci/');
  const { page: en, context: c2 } = await open(browser, '/en/deklaracja-dostepnosci/');
  assert.notEqual(await pl.textContent('#a11y-status'), await en.textContent('#a11y-status'));
  assert.notEqual(await pl.textContent('#a11y-kontakt'), await en.textContent('#a11y-kontakt'));
  // The entity's name is a proper name: the same in both.
  assert.equal(await pl.textContent('#a11y-podmiot'), await en.textContent('#a11y-podmiot'));
  await c1.close();
  await c2.close();
});
