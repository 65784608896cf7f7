// How pages adapt to the reader's settings, in Chromium: reduced motion (nothing moves or
// scrolls smoothly), print (content only, readable black on white, links spelled out), and the
// two languages (hreflang alternates both ways, and a language switcher that leads to the same
// page in the other language).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, serve, base } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); server?.stop(); });

// Every element's animations and transitions, and the document's scroll behaviour.
const motion = (page) => page.evaluate(() => {
  const moving = [];
  for (const e of [document.documentElement, ...document.querySelectorAll('body *')]) {
    const s = getComputedStyle(e);
    const durations = (s.transitionDuration + ',' + s.animationDuration).split(',').map((d) => parseFloat(d) || 0);
    if (s.animationName !== 'none' || durations.some((d) => d > 0)) moving.push(`${e.tagName.toLowerCase()}.${e.className}: ${s.transitionDuration} ${s.animationName}`);
  }
  return { moving, scroll: getComputedStyle(document.documentElement).scrollBehavior, animations: document.getAnimations().length };
});

test('with reduced motion nothing moves and anchors jump instead of scrolling', async () => {
  for (const path of ['/', '/apis/ksef/', '/search/?q=nip']) {
    const reduced = await open(browser, path, { reducedMotion: 'reduce' });
    const normal = await open(browser, path, { reducedMotion: 'no-preference' });
    // the hover/focus states are where transitions would be: visit some
    await reduced.page.keyboard.press('Tab');
    await reduced.page.locator('main a:visible').first().hover();
    const r = await motion(reduced.page);
    const n = await motion(normal.page);
    assert.deepEqual(r.moving, [], `${path}: transitions or animations despite reduced motion`);
    assert.equal(r.animations, 0, `${path}: running animations`);
    assert.equal(r.scroll, 'auto', `${path}: no smooth scrolling with reduced motion`);
    assert.equal(n.scroll, 'smooth', `${path}: smooth scrolling otherwise (the setting makes a difference)`);
    await reduced.context.close();
    await normal.context.close();
  }
});

test('the print stylesheet keeps the content only, black on white, links spelled out', async () => {
  for (const [path, scheme] of [['/apis/ksef/', 'dark'], ['/o-katalogu/', 'light'], ['/deklaracja-dostepnosci/', 'dark']]) {
    const { page, context } = await open(browser, path, { colorScheme: scheme });
    await page.emulateMedia({ media: 'print', colorScheme: scheme });
    const p = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.checkVisibility());
      const after = [...document.querySelectorAll('main a[href^="http"]')].map((a) => getComputedStyle(a, '::after').content).filter((c) => c && c !== 'none');
      return {
        header: shown('.site-header'), footer: shown('.site-footer'), skip: shown('.skip-link'), nav: shown('.main-nav'),
        tryit: shown('.try-it'), main: shown('main'), h1: shown('main h1'),
        fg: getComputedStyle(document.body).color, bg: getComputedStyle(document.body).backgroundColor, after,
      };
    });
    assert.deepEqual([p.header, p.footer, p.skip, p.nav, p.tryit], [false, false, false, false, false], `${path}: navigation hidden in print`);
    assert.ok(p.main && p.h1, `${path}: the content is printed`);
    assert.equal(p.fg, 'rgb(0, 0, 0)', `${path} (${scheme}): black text in print`);
    assert.ok(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)'].includes(p.bg), `${path} (${scheme}): white paper, not ${p.bg}`);
    if (path === '/deklaracja-dostepnosci/') assert.ok(p.after.some((c) => c.includes('https://')), `${path}: external links spelled out`);
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 1000, 'Chromium prints the page');
    await context.close();
  }
});

test('hreflang alternates point both ways and the language switcher leads to the same page', async () => {
  for (const path of ['/', '/apis/ksef/', '/institutions/mf/', '/stats/', '/deklaracja-dostepnosci/', '/search/']) {
    for (const [lang, other] of [['pl', 'en'], ['en', 'pl']]) {
      const url = lang === 'pl' ? path : '/en' + path;
      const { page, context, response } = await open(browser, url, { javaScript: false });
      assert.equal(response.status(), 200, url);
      const alt = Object.fromEntries(await page.$$eval('link[rel="alternate"][hreflang]', (ls) => ls.map((l) => [l.hreflang, new URL(l.href).pathname])));
      assert.deepEqual(Object.keys(alt).sort(), ['en', 'pl', 'x-default'], `${url}: alternates`);
      assert.equal(alt[lang], url, `${url}: its own alternate`);
      assert.equal(alt['x-default'], path, `${url}: x-default is the Polish page`);
      // The switcher: a link in the other language's words, marked with hreflang and lang.
      const sw = page.locator(`.lang-switch a[hreflang="${other}"]`);
      assert.equal(await sw.count(), 1, `${url}: a switcher link to ${other}`);
      assert.equal(await sw.getAttribute('lang'), other);
      assert.equal(await page.locator('.lang-switch [aria-current]').getAttribute('lang'), lang, `${url}: the current language marked`);
      const target = new URL(await sw.getAttribute('href'), base + url).pathname;
      assert.equal(target, alt[other], `${url}: the switcher goes where hreflang says`);
      await Promise.all([page.waitForURL((u) => u.pathname === target), sw.click()]);
      assert.equal(await page.getAttribute('html', 'lang'), other, `${target}: in ${other}`);
      const back = Object.fromEntries(await page.$$eval('link[rel="alternate"][hreflang]', (ls) => ls.map((l) => [l.hreflang, new URL(l.href).pathname])));
      assert.equal(back[lang], url, `${target}: its ${lang} alternate points back to ${url}`);
      await context.close();
    }
  }
});
