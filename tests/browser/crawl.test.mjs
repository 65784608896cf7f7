// The site without JavaScript: starting from / and /en/, every same-origin link of the HTML as
// served (<a href>, plus the stylesheets, scripts, icons and images pages load) is followed
// breadth-first, each URL once. No script runs — only links that are really in the HTML count —
// so what is found here is what a visitor without JavaScript (or a crawler) can reach.
// Asserts: every URL answers 200; every link to #id names an element that exists on its target
// page; no javascript: link; every page's footer links to the accessibility statement of its
// language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, base } from './harness.mjs';

const CONCURRENCY = 8;
const origin = new URL(base).origin;
let server;
const pages = new Map(); // path (no fragment) → { status, type, ids: Set, footer: [href] }
const fragmentLinks = []; // { from, path, id }
const badSchemes = [];

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
function decode(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

// Every URL-bearing attribute of the tags a browser follows or loads.
function linksOf(html) {
  const out = [];
  for (const tag of html.matchAll(/<(a|link|script|img|area|form)\b[^>]*>/gi)) {
    const name = tag[1].toLowerCase();
    const attr = name === 'script' || name === 'img' ? 'src' : name === 'form' ? 'action' : 'href';
    const m = tag[0].match(new RegExp(`\\s${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i'));
    if (!m) continue;
    const rel = (tag[0].match(/\srel\s*=\s*"([^"]*)"/i) || [])[1] || '';
    out.push({ tag: name, rel, url: decode(m[1] ?? m[2]) });
  }
  return out;
}

const idsOf = (html) => new Set([...html.matchAll(/\sid\s*=\s*"([^"]*)"/gi)].map((m) => decode(m[1])));
const footerOf = (html) => {
  const m = html.match(/<footer\b[^>]*class="site-footer"[\s\S]*?<\/footer>/i);
  return m ? linksOf(m[0]).map((l) => l.url) : null;
};

async function crawl(starts) {
  const queue = [...starts];
  const queued = new Set(queue);
  async function visit(path) {
    const r = await fetch(origin + path, { redirect: 'manual' });
    const type = r.headers.get('content-type') || '';
    const entry = { status: r.status, type };
    pages.set(path, entry);
    if (!type.startsWith('text/html')) { await r.arrayBuffer(); return; }
    const html = await r.text();
    entry.ids = idsOf(html);
    entry.footer = footerOf(html);
    for (const link of linksOf(html)) {
      if (/^\s*javascript:/i.test(link.url)) { badSchemes.push(`${path}: ${link.url}`); continue; }
      const u = new URL(link.url, origin + path);
      if (u.origin !== origin) continue; // mailto:, tel:, other sites, the production base URL
      if (link.tag === 'form') continue; // the search form's GET target is checked as /search/
      const target = u.pathname + u.search;
      if (u.hash.length > 1) fragmentLinks.push({ from: path, path: target, id: decodeURIComponent(u.hash.slice(1)) });
      if (!queued.has(target)) { queued.add(target); queue.push(target); }
    }
  }
  let busy = 0;
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    // Workers share the queue; one whose queue is empty waits while others may still add to it.
    for (;;) {
      const next = queue.shift();
      if (next === undefined) {
        if (busy === 0) return;
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      busy++;
      try { await visit(next); } catch (e) { pages.set(next, { status: `error ${e.message}` }); } finally { busy--; }
    }
  });
  await Promise.all(workers);
}

before(async () => {
  server = await serve();
  const t0 = Date.now();
  await crawl(['/', '/en/']);
  const html = [...pages.values()].filter((p) => p.ids).length;
  console.log(`crawl.urls ${pages.size}`);
  console.log(`crawl.html_pages ${html}`);
  console.log(`crawl.fragment_links ${fragmentLinks.length}`);
  console.log(`crawl.seconds ${((Date.now() - t0) / 1000).toFixed(1)}`);
});

after(() => server?.stop());

test('every internal link of the HTML answers 200 (JavaScript never runs)', () => {
  assert.ok(pages.size > 100, `only ${pages.size} URLs found from / and /en/`);
  const broken = [...pages].filter(([, p]) => p.status !== 200).map(([path, p]) => `${path}: ${p.status}`);
  assert.deepEqual(broken, []);
  assert.deepEqual(badSchemes, [], 'javascript: links do nothing without JavaScript');
});

test('every link to #id names an element of its target page', () => {
  const missing = fragmentLinks
    .filter((l) => pages.get(l.path)?.ids && !pages.get(l.path).ids.has(l.id))
    .map((l) => `${l.from} → ${l.path}#${l.id}`);
  assert.deepEqual([...new Set(missing)], []);
});

test('every page\'s footer links to the accessibility statement of its language', () => {
  const html = [...pages].filter(([, p]) => p.ids);
  const wrong = html.filter(([path, p]) => {
    const statement = path.startsWith('/en/') ? '/en/deklaracja-dostepnosci/' : '/deklaracja-dostepnosci/';
    return !p.footer || !p.footer.includes(statement);
  }).map(([path]) => path);
  assert.deepEqual(wrong, []);
  // and the 404 page, which no link reaches
  return fetch(origin + '/nie-ma-takiej-strony/').then(async (r) => {
    assert.equal(r.status, 404);
    assert.ok(footerOf(await r.text())?.includes('/deklaracja-dostepnosci/'), '404 page footer');
  });
});
