// The transfer size of a built site: every file of DIR, raw, gzip (level 9) and brotli
// (quality 11), as JSON. Used by scripts/bench.
//   node scripts/sizes.js DIR
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node scripts/sizes.js DIR');
  process.exit(2);
}

/** The files under `root`, as paths relative to it, sorted. */
function files(root, under = '') {
  return readdirSync(path.join(root, under))
    .sort()
    .flatMap((name) => {
      const relative = path.join(under, name);
      return statSync(path.join(root, relative)).isDirectory() ? files(root, relative) : [relative];
    });
}

const rows = files(dir).map((name) => {
  const body = readFileSync(path.join(dir, name));
  return {
    // Without trunk's content hash, which changes with every build.
    name: name.replace(/-[0-9a-f]{8,16}(_bg\.wasm|\.js|\.css)$/, '$1'),
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
  };
});
const total = (key) => rows.reduce((sum, row) => sum + row[key], 0);
console.log(JSON.stringify({ files: rows, total: { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli') } }));
