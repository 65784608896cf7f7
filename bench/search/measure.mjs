// Measures a search engine in headless Chromium on a served site, the same way for ours
// (search.js over search-index/) and Pagefind (pagefind.js over pagefind/): a blank page on the
// site's origin loads the engine's script, then runs every query of the query set in order,
// each time fetching the display data of the top 10 results. Counted: response body bytes of
// every request (Chromium's request sizes), time per query (from the call to the top 10's data),
// recall@3 and MRR against queries.json. Prints `name value unit` lines.
// The whole set runs ROUNDS times (default 3), each round in a fresh browser context (empty
// caches, engine loaded again); a query's latency is the median of its rounds, so that one
// stall of a shared machine does not decide the p95. Bytes, requests, recall and MRR are those
// of the first round (the others fetch the same files).
// Usage: node measure.mjs BASE_URL QUERIES_JSON ENGINE(katalog|pagefind) NAME
import { readFileSync } from 'node:fs';
import { launch } from '../../tests/browser/harness.mjs';

const [base, queriesFile, engine, name] = process.argv.slice(2);
const queries = JSON.parse(readFileSync(queriesFile, 'utf8'));

function docId(url) {
  const path = new URL(url, 'http://x').pathname.replace(/^\/en\//, '/').replace(/index\.html$/, '');
  let m = path.match(/^\/apis\/([^/]+)\/operations\/([^/]+)\/$/);
  if (m) return `${m[1]}/${m[2]}`;
  m = path.match(/^\/apis\/([^/]+)\/(.*)$/);
  // Any other page of an API (overview, reference, schema) counts for the API.
  if (m) return m[2] ? `${m[1]}/page:${m[2]}` : m[1];
  m = path.match(/^\/(institutions|initiatives)\/([^/]+)\/$/);
  if (m) return `${m[1] === 'institutions' ? 'institution' : 'initiative'}/${m[2]}`;
  return path;
}
const meets = (id, expect) => id === expect || (!expect.includes('/') && id.startsWith(expect + '/'));

const ROUNDS = Math.max(1, Number(process.env.ROUNDS || 3));
const browser = await launch();

const run = engine === 'katalog'
  ? async (page, q, first) => page.evaluate(async ({ q, first }) => {
    const t0 = performance.now();
    if (first) {
      await new Promise((ok, ko) => { const s = document.createElement('script'); s.src = '/static/search.js'; s.onload = ok; s.onerror = ko; document.head.append(s); });
      window.eng = await window.KatalogSearch.open();
    }
    const r = await window.eng.search(q);
    const recs = await window.eng.docs(r.hits.slice(0, 10).map((h) => h.doc));
    return { ms: performance.now() - t0, urls: recs.map((x) => x.u), total: r.hits.length };
  }, { q, first })
  : async (page, q, first) => page.evaluate(async ({ q, first }) => {
    const t0 = performance.now();
    if (first) window.pf = await import('/pagefind/pagefind.js');
    const s = await window.pf.search(q);
    const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    return { ms: performance.now() - t0, urls: data.map((d) => d.url), total: s.results.length };
  }, { q, first });

// One round over the query set in a fresh context: [{q, ms, bytes, requests, urls}].
async function round() {
  const context = await browser.newContext();
  const page = await context.newPage();
  let bytes = 0, requests = 0;
  const pending = new Set();
  page.on('requestfinished', (req) => {
    const p = req.sizes().then((s) => { bytes += s.responseBodySize; requests += 1; }).finally(() => pending.delete(p));
    pending.add(p);
  });
  page.on('requestfailed', (req) => console.error(`failed: ${req.url()}`));
  const settle = async () => { await page.waitForLoadState('networkidle'); while (pending.size) await Promise.all([...pending]); };
  await page.goto(base + '/bench-search.html');
  await settle();
  bytes = 0; requests = 0;
  const out = [];
  for (let i = 0; i < queries.length; i++) {
    const before = bytes, reqBefore = requests;
    const r = await run(page, queries[i].q, i === 0);
    await settle();
    out.push({ q: queries[i].q, ms: r.ms, bytes: bytes - before, requests: requests - reqBefore, urls: r.urls });
  }
  await context.close();
  return out;
}

const rounds = [];
for (let k = 0; k < ROUNDS; k++) rounds.push(await round());
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const perQuery = rounds[0].map((p, i) => ({ ...p, ms: median(rounds.map((r) => r[i].ms)), msAll: rounds.map((r) => r[i].ms) }));
let found = 0, rr = 0;
perQuery.forEach((p, i) => {
  const pos = p.urls.map(docId).findIndex((id) => meets(id, queries[i].expect));
  if (pos >= 0) rr += 1 / (pos + 1);
  if (pos >= 0 && pos < 3) found++;
  else if (process.env.VERBOSE) console.error(`${name} miss: ${queries[i].q} → ${queries[i].expect}: ${p.urls.slice(0, 3).map(docId).join(', ')}`);
});
if (process.env.VERBOSE) for (const p of perQuery) console.error(`${name} ${p.ms.toFixed(1)} ms (${p.msAll.map((x) => x.toFixed(1)).join(' ')}) ${p.bytes} B ${p.requests} req  ${p.q}`);

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const quantile = (xs, q) => { const s = sorted(xs); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]; };
const rest = perQuery.slice(1);
const out = (k, v, unit) => console.log(`search.${name}.${k} ${v} ${unit}`);
out('first_query_bytes', perQuery[0].bytes, 'bytes');
out('first_query_requests', perQuery[0].requests, 'requests');
out('typical_query_bytes', median(rest.map((p) => p.bytes)), 'bytes');
out('typical_query_requests', median(rest.map((p) => p.requests)), 'requests');
out('p95_query_bytes', quantile(rest.map((p) => p.bytes), 0.95), 'bytes');
out('all_queries_bytes', perQuery.reduce((a, p) => a + p.bytes, 0), 'bytes');
out('first_query_ms', perQuery[0].ms.toFixed(1), 'ms');
out('latency_median', median(perQuery.map((p) => p.ms)).toFixed(1), 'ms');
out('latency_p95', quantile(perQuery.map((p) => p.ms), 0.95).toFixed(1), 'ms');
out('rounds', ROUNDS, 'rounds (latency: median of a query\'s rounds)');
out('recall_at_3', (found / queries.length).toFixed(3), `(${found}/${queries.length})`);
out('mrr', (rr / queries.length).toFixed(3), '');
