// A tiny static file server for the built site, so the browser tests load exactly what would be
// uploaded: the files of dist/, under a key prefix like an S3 bucket would serve them.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const CONTENT_TYPES = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.wasm', 'application/wasm'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
  ['.json', 'application/json'],
  ['.webmanifest', 'application/manifest+json'],
  ['.txt', 'text/plain; charset=utf-8'],
]);

/**
 * Serves the files under `root` at http://127.0.0.1:<free port><prefix>, with index.html for
 * any path ending in '/'. Anything outside the prefix or the folder is a 404. With `gzip`,
 * files go compressed to a browser that accepts it, as a CDN in front of the bucket sends them.
 * Resolves to { url, received, close }: `received` lists each request's URL as the server got
 * it, which is all a real server would see of the page's use.
 */
export async function serveDirectory(root, { prefix = '/', gzip = false } = {}) {
  const base = path.resolve(root);
  const received = [];
  const compressed = new Map();
  const server = createServer(async (request, response) => {
    received.push(request.url);
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    if (!pathname.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    let relative = decodeURIComponent(pathname.slice(prefix.length));
    if (relative === '' || relative.endsWith('/')) {
      relative += 'index.html';
    }
    const file = path.resolve(base, relative);
    if (!file.startsWith(base + path.sep)) {
      response.writeHead(404).end();
      return;
    }
    try {
      let body = await readFile(file);
      const type = CONTENT_TYPES.get(path.extname(file)) ?? 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-store' };
      if (gzip && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        // Compressed once a file, as a CDN keeps it, so no request waits for the compression.
        if (!compressed.has(file)) {
          compressed.set(file, gzipSync(body, { level: 9 }));
        }
        body = compressed.get(file);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
