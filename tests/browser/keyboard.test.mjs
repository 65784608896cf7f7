// Keyboard only, in Chromium: the first Tab reaches the skip link, which moves focus to <main>;
// a search typed into the home page's form and its results walked with the arrow keys; on an
// operation page, Tab into the try-it console, fill a field, Enter sends to the sandbox of
// `katalog serve`. Every element that takes focus shows it (a computed outline), and Tab always
// gets out again: no trap anywhere on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, serve } from './harness.mjs';

let server, browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

// What has focus now, and whether it is shown: an outline at least 2 px wide that is not the
// page's background colour.
const focusInfo = (page) => page.evaluate(() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const bg = getComputedStyle(document.body).backgroundColor;
  return {
    tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: (e.textContent || '').trim().slice(0, 40),
    href: e.getAttribute('href'),
    visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== bg,
    outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    inTryIt: !!e.closest('#try-it'), inFooter: !!e.closest('.site-footer'), inMain: !!e.closest('main'),
  };
});

const describe = (f) => `<${f.tag}${f.id ? '#' + f.id : ''}${f.href ? ' href=' + f.href : ''}> "${f.text}" outline: ${f.outline}`;

test('the first Tab reaches the skip link, which moves focus to the main content', async () => {
  for (const path of ['/', '/en/apis/ksef/']) {
    const { page, context } = await open(browser, path);
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    assert.match(f.cls, /skip-link/, `${path}: first Tab on ${describe(f)}`);
    assert.equal(f.href, '#main');
    assert.ok(f.visible, `${path}: the skip link's focus is not visible: ${f.outline}`);
    const box = await page.locator('.skip-link').boundingBox();
    assert.ok(box && box.y >= 0 && box.height > 0, `${path}: the focused skip link is on screen`);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main', `${path}: Enter on the skip link focuses <main>`);
    await page.keyboard.press('Tab');
    const next = await focusInfo(page);
    assert.ok(next.inMain, `${path}: the next Tab stays in the main content: ${describe(next)}`);
    await context.close();
  }
});

test('search by keyboard: type on the home page, Enter, arrow keys through the results', async () => {
  const { page, context, problems } = await open(browser, '/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // From <main>, Tab until the search field (it is the first control of the home page's main).
  let f;
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    f = await focusInfo(page);
    if (f.id === 'home-search-q') break;
  }
  assert.equal(f.id, 'home-search-q', `Tab from main reaches the search field, not ${describe(f)}`);
  assert.ok(f.visible, `the search field's focus is visible: ${f.outline}`);
  await page.keyboard.type('faktura');
  await Promise.all([page.waitForURL(/\/search\/\?q=faktura/), page.keyboard.press('Enter')]);
  await page.waitForSelector('[data-search-done="faktura"]');
  // On the results page: Tab to the field (skip link, then main), then the arrow keys.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    f = await focusInfo(page);
    if (f.id === 'search-page-q') break;
  }
  assert.equal(f.id, 'search-page-q', `Tab reaches the search field on the results page, not ${describe(f)}`);
  await page.keyboard.press('ArrowDown');
  const first = await focusInfo(page);
  assert.ok(first.href && first.href.startsWith('/apis/'), `ArrowDown moves to the first result: ${describe(first)}`);
  assert.ok(first.visible, `the result's focus is visible: ${first.outline}`);
  await page.keyboard.press('ArrowDown');
  const second = await focusInfo(page);
  assert.notEqual(second.href, first.href, 'ArrowDown moves to the next result');
  assert.ok(second.visible, `focus visible on ${describe(second)}`);
  await page.keyboard.press('ArrowUp');
  assert.equal((await focusInfo(page)).href, first.href, 'ArrowUp moves back');
  await Promise.all([page.waitForURL((u) => u.pathname === first.href.split('#')[0]), page.keyboard.press('Enter')]);
  assert.deepEqual(problems, []);
  await context.close();
});

// Presses Tab until `until(focus)` holds (or `limit` presses), checking each focused element.
async function tabUntil(page, until, limit, seen) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const f = await focusInfo(page);
    seen.push(f);
    if (until(f)) return f;
  }
  return null;
}

test('try-it by keyboard: Tab into the console, fill a field, Enter sends to the sandbox, Tab leaves', async () => {
  // An operation with a path parameter: the white list of VAT payers, search by NIP.
  const { page: ref, context: refContext } = await open(browser, '/apis/biala-lista-vat/reference/');
  const opPath = await ref.locator('a[href*="/operations/"]', { hasText: '/api/search/nip/{nip}' }).first()
    .evaluate((a) => new URL(a.href).pathname);
  await refContext.close();

  const { page, context, problems } = await open(browser, opPath);
  await page.locator('#try-it form').waitFor({ state: 'visible' });
  const seen = [];
  const field = await tabUntil(page, (f) => f.inTryIt && f.tag === 'input' && f.id.includes('path-nip'), 1500, seen);
  assert.ok(field, `Tab never reached the NIP field of the console (${seen.length} presses)`);
  const hidden = seen.filter((f) => !f.visible && f.tag !== 'body');
  assert.deepEqual(hidden.map(describe), [], 'every focused element shows its focus');

  await page.keyboard.press('Control+A');
  await page.keyboard.type('5260250274');
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/sandbox/biala-lista-vat/')),
    page.keyboard.press('Enter'),
  ]);
  assert.match(new URL(response.url()).pathname, /\/api\/search\/nip\/5260250274$/, 'the typed NIP is in the request');
  assert.equal(response.status(), 200, `the sandbox answered ${response.status()}`);
  await page.locator('.tryit-result h3').waitFor();
  assert.match(await page.locator('.tryit-result').textContent(), /200/);
  const after = await focusInfo(page);
  assert.ok(after.inTryIt && after.tag === 'h3', `focus moves to the response: ${describe(after)}`);

  // Not trapped: Tab goes on out of the console to the footer, Shift+Tab comes back.
  const out = await tabUntil(page, (f) => f.inFooter, 200, seen);
  assert.ok(out, 'Tab leaves the try-it console and reaches the footer');
  await page.keyboard.press('Shift+Tab');
  const back = await focusInfo(page);
  assert.ok(!back.inFooter || back.tag === 'a', 'Shift+Tab moves backwards');
  const stillHidden = seen.filter((f) => !f.visible && f.tag !== 'body' && f.tag !== 'h3');
  assert.deepEqual(stillHidden.map(describe), [], 'every focused element shows its focus');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Tab walks pages of each kind to the end without a trap, focus always visible', async () => {
  const pages = ['/', '/apis/ksef/', '/search/?q=nip', '/deklaracja-dostepnosci/', '/en/stats/', '/nie-ma-takiej-strony/'];
  for (const path of pages) {
    const { page, context } = await open(browser, path);
    if (path.startsWith('/search')) await page.waitForSelector('[data-search-done="nip"]');
    const total = await page.evaluate(() => document.querySelectorAll('a[href], button, input, select, textarea, [tabindex="0"]').length);
    const seen = [];
    // The last link of the footer is the last stop: reaching it means nothing held focus back.
    const lastHref = await page.evaluate(() => [...document.querySelectorAll('.site-footer a[href]')].pop().getAttribute('href'));
    const reached = await tabUntil(page, (f) => f.inFooter && f.href === lastHref, total + 5, seen);
    assert.ok(reached, `${path}: Tab did not reach the footer's last link in ${total + 5} presses`);
    const hidden = seen.filter((f) => !f.visible);
    assert.deepEqual(hidden.map(describe), [], `${path}: every focused element shows its focus`);
    await context.close();
  }
});
