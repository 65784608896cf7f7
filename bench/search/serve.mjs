// A plain static file server for the search benchmark (and for running the browser tests
// against a site built elsewhere): no compression, no caching headers, loopback only.
// Usage: node serve.mjs SITE_DIR PORT
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';

const [dir, port] = [process.argv[2], Number(process.argv[3] || 18410)];
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.gz': 'application/gzip', '.wasm': 'application/wasm', '.xml': 'application/xml' };

createServer(async (req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(dir, path);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  } catch {
    const body = await readFile(join(dir, '404.html')).catch(() => Buffer.from('not found'));
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  }
}).listen(port, '127.0.0.1');
