#!/usr/bin/env node
// Times of the lab's slow operations, on a lab instance of its own (2) so
// the everyday lab is not touched. Needs root and a build (npm run build).
//   node scripts/bench-lab.mjs [--cold]
// --cold also times a `lab up` that must first build the Debian 12 root
// filesystem (debootstrap, into a throw-away cache): what a fresh machine
// pays once. Prints one line per
// measurement: "lab <what>: <seconds> s".
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cold = process.argv.includes('--cold');
// The cold run builds into a cache of its own, so VPSes running on the
// shared cache are never pulled from under.
const benchCache = '/var/cache/mailsetup-lab-bench';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lab = await import(pathToFileURL(path.join(root, 'dist/lab/index.js')).href);
const opts = { instance: 2 };

if (process.platform !== 'linux' || process.getuid?.() !== 0) {
  console.log('lab bench skipped: needs Linux and root');
  process.exit(0);
}

/** @param {string} what @param {() => Promise<unknown>} fn */
async function time(what, fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`lab ${what}: ${s.toFixed(1)} s`);
  return s;
}

try {
  await lab.labDown(opts);
  if (cold) {
    await rm(benchCache, { recursive: true, force: true });
    process.env.MAILSETUP_LAB_CACHE = benchCache;
    await time('up cold (debootstrap debian12 + boot)', () => lab.labUp({ ...opts, os: ['debian12'] }));
    await lab.labDown(opts);
    delete process.env.MAILSETUP_LAB_CACHE;
  }
  await time('up warm (debian12, cached rootfs)', () => lab.labUp({ ...opts, os: ['debian12'] }));
  await time('up again (already up, idempotent)', () => lab.labUp({ ...opts, os: ['debian12'] }));
  await time('up warm second VPS (debian13)', () => lab.labUp({ ...opts, os: ['debian13'] }));
  await time('reset (debian12)', () => lab.labReset({ ...opts, os: ['debian12'] }));
  await time('down (both VPSes and services)', () => lab.labDown(opts));
} finally {
  await lab.labDown(opts).catch(() => undefined);
  if (cold) await rm(benchCache, { recursive: true, force: true });
}
