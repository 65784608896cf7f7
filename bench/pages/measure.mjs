// Measures pages in headless Chromium (Debian's, through the browser tests' playwright-core);
// run by bench/pages.sh, which builds what is measured. Every page is served from here by the
// same small static file server, as a static host would serve it (no live reload, no proxy).
// Prints `name value unit` lines.
//   --catalog DIR   the built shipped catalog: bytes of the home, an API and an operation page
//   --big DIR --big-path PATH   the largest page of the biggest spec: first render, content on
//                   screen, load, main thread busy; --big-selector: what "content on screen"
//                   waits for (default: the first operation link)
//   --redoc FILE    Redoc's page of the same spec, measured the same way, and the ratios
//   --runs N        runs per page (median), default 5
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';
import { launch } from '../../tests/browser/harness.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const runs = Number(args.runs || 5);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.yaml': 'application/yaml', '.xml': 'application/xml', '.csv': 'text/csv', '.txt': 'text/plain', '.png': 'image/png' };

// A folder over HTTP on a free port: `/x/` is `/x/index.html`, a missing file answers 404.
async function serveDir(dir) {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path.endsWith('/')) path += 'index.html';
    try {
      const body = await readFile(join(dir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const browser = await launch();

// Sum of response body sizes of everything the page loads until the network is idle, the
// search index excluded (search.js fetches it only once the search field is used).
async function bytes(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const sizes = [];
  const foreign = [];
  page.on('requestfinished', (r) => {
    if (!r.url().startsWith(new URL(url).origin)) foreign.push(r.url());
    if (!r.url().includes('/search-index/')) sizes.push(r.sizes().then((s) => ({ url: r.url(), body: s.responseBodySize })));
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  const all = await Promise.all(sizes);
  await context.close();
  if (foreign.length) throw new Error(`third-party requests from ${url}: ${foreign.join(', ')}`);
  return { total: all.reduce((n, s) => n + s.body, 0), requests: all.length };
}

// One cold load in a fresh context: first-contentful-paint; the time the first element
// matching `selector` is in the document and the frame holding it has been drawn; the load
// event; and until when the main thread was busy (the end of the last task over 50 ms, once none
// has come for 3 s: until then the page does not answer clicks or scroll smoothly).
// Requests to other origins are refused (none is expected; counted if any).
async function render(url, selector) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let blocked = 0;
  await context.route((u) => u.origin !== new URL(url).origin, (route) => { blocked++; return route.abort(); });
  await context.addInitScript((sel) => {
    window.__busyUntil = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__busyUntil = Math.max(window.__busyUntil, e.startTime + e.duration);
    }).observe({ type: 'longtask', buffered: true });
    const check = () => {
      if (window.__contentAt === undefined && document.querySelector(sel)) {
        window.__contentAt = null;
        // the frame after next: the one holding the element has been painted by then
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__contentAt = performance.now(); }));
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
  }, selector);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load', timeout: 600000 });
  await page.waitForFunction(() => typeof window.__contentAt === 'number', null, { timeout: 600000, polling: 100 });
  await page.waitForFunction(() => performance.now() - Math.max(window.__busyUntil, performance.getEntriesByType('navigation')[0].loadEventEnd) > 3000,
    null, { timeout: 600000, polling: 250 });
  const t = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return {
      fcp,
      content: Math.max(window.__contentAt, fcp || 0), // nothing is on screen before the first paint
      load: performance.getEntriesByType('navigation')[0].loadEventEnd,
      busy: Math.max(window.__busyUntil, fcp || 0),
    };
  });
  await context.close();
  if (blocked) console.log(`# ${url}: ${blocked} request(s) to other origins refused`);
  return t;
}

async function renders(name, url, selector) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await render(url, selector));
  const m = (k) => median(results.map((r) => r[k]));
  console.log(`${name}.first_contentful_paint.median ${Math.round(m('fcp'))} ms`);
  console.log(`${name}.content_on_screen.median ${Math.round(m('content'))} ms (${selector})`);
  console.log(`${name}.load_event.median ${Math.round(m('load'))} ms`);
  console.log(`${name}.main_thread_busy_until.median ${Math.round(m('busy'))} ms`);
  return { fcp: m('fcp'), content: m('content'), busy: m('busy') };
}

if (args.catalog) {
  const site = await serveDir(args.catalog);
  const probe = await browser.newPage();
  await probe.goto(site.url + '/apis/ksef/');
  const operation = await probe.$eval('a[href*="/operations/"]', (a) => new URL(a.href).pathname);
  await probe.close();
  for (const [name, path, note] of [['home', '/', ''], ['api', '/apis/ksef/', ''],
    ['operation', operation, ', its try-it console loads the whole spec']]) {
    const b = await bytes(site.url + path);
    console.log(`pages.${name}.bytes ${b.total} bytes (${(b.total / 1024).toFixed(1)} KB, ${b.requests} requests, ${path}${note})`);
  }
  site.close();
}

let ours;
if (args.big) {
  const site = await serveDir(args.big);
  ours = await renders('pages.biggest_spec.largest_page', site.url + args['big-path'], args['big-selector'] || '.op-list a');
  site.close();
}

if (args.redoc) {
  const site = await serveDir(args.redoc);
  // Redoc lists each tag's operations as links beside the tag's heading (the operations
  // themselves open on demand): the first of those links is its first operation on screen.
  const redoc = await renders('redoc.biggest_spec', site.url + '/', '[data-testid="items-navigation-list"] a');
  site.close();
  if (ours) {
    const r = (k) => (redoc[k] / ours[k]).toFixed(1);
    console.log(`ratio.redoc_over_katalog.first_contentful_paint ${r('fcp')} x (katalog ${Math.round(ours.fcp)} ms, redoc ${Math.round(redoc.fcp)} ms)`);
    console.log(`ratio.redoc_over_katalog.content_on_screen ${r('content')} x (katalog ${Math.round(ours.content)} ms, redoc ${Math.round(redoc.content)} ms)`);
    console.log(`ratio.redoc_over_katalog.main_thread_busy_until ${r('busy')} x (katalog ${Math.round(ours.busy)} ms, redoc ${Math.round(redoc.busy)} ms)`);
  }
}

await browser.close();
