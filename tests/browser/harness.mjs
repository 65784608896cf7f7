// Shared by the browser tests: launch Debian's Chromium headless (never a downloaded browser),
// serve the built site, collect console errors and CSP violations, take screenshots.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifacts = join(root, 'tests', 'artifacts');
// KATALOG_PORT moves the server this harness starts (several checkouts on one machine).
export const base = process.env.KATALOG_URL || `http://127.0.0.1:${process.env.KATALOG_PORT || 18400}`;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page that records console errors, failed requests, third-party requests and CSP violations.
export async function open(browser, path, options = {}) {
  const context = await browser.newContext({ viewport: options.viewport || { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScript !== false, colorScheme: options.colorScheme || 'light',
    reducedMotion: options.reducedMotion || 'no-preference' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`third-party request: ${r.url()}`); });
  // A load the page cancels itself by navigating away (the live-reload stream of `katalog serve`,
  // a favicon still in flight when Enter follows a link) ends as ERR_ABORTED: not a failure.
  // Every other failure (refused, blocked, reset) is.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText === 'net::ERR_ABORTED' && r.url().startsWith(base)) return;
    problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  const response = await page.goto(base + path, { waitUntil: 'load' });
  return { context, page, problems, response };
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
}

// Starts `katalog serve --no-watch` on the built site (or uses KATALOG_URL if given).
export async function serve() {
  if (process.env.KATALOG_URL) return { stop() {} };
  const bin = process.env.KATALOG_BIN || join(root, 'target', 'debug', 'katalog');
  const site = process.env.KATALOG_SITE || join(root, 'tests', 'artifacts', 'site');
  const port = new URL(base).port;
  // A server left over from an earlier run would answer instead of this build's: refuse.
  if (await fetch(base + '/').then(() => true, () => false)) throw new Error(`port ${port} is already in use`);
  // KATALOG_THEME=themes/default serves the theme folder as it is now instead of the copy built
  // into the binary (for trying out template, CSS and JS changes without recompiling).
  const theme = process.env.KATALOG_THEME ? ['--theme', process.env.KATALOG_THEME] : [];
  const child = spawn(bin, ['serve', '--content', join(root, 'content'), '--out', site, '--port', port, '--no-watch', ...theme],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  for (let i = 0; i < 600; i++) {
    try { const r = await fetch(base + '/'); if (r.ok) return { stop() { child.kill(); }, log: () => log }; } catch {}
    if (child.exitCode !== null) throw new Error(`katalog serve exited: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`katalog serve did not start: ${log}`);
}
