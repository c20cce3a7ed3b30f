// copy-vendor.mjs copies the browser builds of our npm dependencies into
// app/vendor, which the Go binary embeds (static/static.go). It runs after
// every `npm ci` / `npm install` (the postinstall script). app/vendor is
// git-ignored: it is made from package-lock.json, never committed.
//
// Last it writes app/vendor/made-by-make-build, which static/static.go
// embeds by name: without it (no `make build`, no `npm ci`) go build stops
// with "pattern app/vendor/made-by-make-build: no matching files found"
// instead of making a binary whose web app lacks its third-party code. The
// Makefile checks this file to know the vendor folder is complete.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'app', 'vendor');

// [package, file in the package, destination under app/vendor]
const files = [
  ['maplibre-gl', 'dist/maplibre-gl.mjs', 'maplibre-gl/maplibre-gl.mjs'],
  ['maplibre-gl', 'dist/maplibre-gl-worker.mjs', 'maplibre-gl/maplibre-gl-worker.mjs'],
  ['maplibre-gl', 'dist/maplibre-gl.css', 'maplibre-gl/maplibre-gl.css'],
  ['maplibre-gl', 'LICENSE.txt', 'maplibre-gl/LICENSE.txt'],
  ['leaflet', 'dist/leaflet.js', 'leaflet/leaflet.js'],
  ['leaflet', 'dist/leaflet.css', 'leaflet/leaflet.css'],
  ['leaflet', 'dist/images', 'leaflet/images'],
  ['leaflet', 'LICENSE', 'leaflet/LICENSE'],
  // The browser build of pmtiles (a classic script defining window.pmtiles,
  // with fflate inside) for the static site's pmtiles:// protocol.
  ['pmtiles', 'dist/pmtiles.js', 'pmtiles/pmtiles.js'],
  ['fflate', 'LICENSE', 'pmtiles/fflate-LICENSE'],
];

rmSync(out, { recursive: true, force: true });
for (const [pkg, from, to] of files) {
  const dst = join(out, to);
  mkdirSync(dirname(dst), { recursive: true });
  cpSync(join(here, 'node_modules', pkg, from), dst, { recursive: true });
}
// pmtiles ships no licence file; its package.json says BSD-3-Clause.
const pm = JSON.parse(readFileSync(join(here, 'node_modules', 'pmtiles', 'package.json'), 'utf8'));
writeFileSync(join(out, 'pmtiles', 'LICENSE'),
  `pmtiles ${pm.version} (${pm.homepage}), by ${pm.author}: licence ${pm.license}, as its package.json says.\n` +
  'pmtiles.js bundles fflate, whose licence is in fflate-LICENSE.\n');
writeFileSync(join(out, 'README'), 'Copied from node_modules by static/copy-vendor.mjs (npm ci). Do not edit or commit.\n');
// Written last: its presence says every file above was copied.
writeFileSync(join(out, 'made-by-make-build'),
  'static/app/vendor was made by `make build` (npm ci in static/, static/copy-vendor.mjs).\n' +
  'static/static.go embeds this file so that go build fails without it.\n');
console.log(`copy-vendor: ${files.length} entries into ${out}`);
