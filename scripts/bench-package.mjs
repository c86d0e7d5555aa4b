#!/usr/bin/env node
// First contact: what `npx mailsetup` installs before its first screen. The
// packed package (`npm pack`) installed into an empty folder from a warm npm
// cache: install time, packages and size on disk, each beside its target,
// and the same figures for the package as it was before the bundle
// (dist/ compiled by tsc, its npm dependencies installed beside it), built
// here from this checkout (installed once: about half a minute). The cache is
// warm after `npm ci` in this checkout, which fetched every one of those
// packages. Needs `npm run build` first (dist/ and dist/bundle/).
//   node scripts/bench-package.mjs      BENCH_INSTALL_RUNS=N (default 3, the bundle's installs)
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BUNDLE_DIR, BUNDLE_META } from './build-bundle.mjs';
import { installTarball, installedFootprint, pack, removeInstall, ROOT } from './pack-install.mjs';

const RUNS = Number(process.env.BENCH_INSTALL_RUNS ?? 3);
const TARGET = { packages: 10, megabytes: 5 };

/**
 * The package as it was published before the bundle: bin dist/cli.js, all
 * of dist/ and assets/ shipped, and every npm package the bundle takes in
 * (the ones esbuild's metafile names) a dependency at the version range
 * package.json asks for.
 */
async function unbundledPackage(into) {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const meta = JSON.parse(await readFile(BUNDLE_META, 'utf8'));
  const bundled = new Set(Object.keys(meta.inputs).map((input) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]));
  const dependencies = Object.fromEntries(Object.entries(pkg.devDependencies).filter(([name]) => bundled.has(name)));
  const dir = path.join(into, 'unbundled');
  await cp(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (src) => src !== BUNDLE_DIR && !src.startsWith(BUNDLE_DIR + path.sep) && src !== BUNDLE_META });
  await cp(path.join(ROOT, 'assets'), path.join(dir, 'assets'), { recursive: true });
  await cp(path.join(ROOT, 'README.md'), path.join(dir, 'README.md'));
  const manifest = { name: pkg.name, version: pkg.version, type: 'module', bin: { mailsetup: 'dist/cli.js' }, files: ['dist', 'assets'], dependencies };
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Installs `tarball` `runs` times, each into a new folder; the median time and the footprint. */
async function measure(tarball, work, runs) {
  const times = [];
  let footprint;
  for (let i = 0; i < runs; i++) {
    const { prefix, installMs } = await installTarball(tarball, work);
    times.push(installMs);
    footprint ??= await installedFootprint(prefix);
    await removeInstall(prefix);
  }
  return { ms: median(times), ...footprint };
}

async function main() {
  if (!existsSync(path.join(BUNDLE_DIR, 'cli.js')) || !existsSync(path.join(ROOT, 'dist/cli.js'))) {
    throw new Error('dist/ or dist/bundle/ is missing: run `npm run build` first');
  }
  const work = await mkdtemp(path.join(tmpdir(), 'mailsetup-bench-package-'));
  try {
    // Both tarballs are named mailsetup-<version>.tgz: one folder each.
    const tarballs = { bundled: path.join(work, 'bundled'), unbundled: path.join(work, 'unbundled-tarball') };
    for (const dir of Object.values(tarballs)) await mkdir(dir);
    const bundledTarball = await pack(ROOT, tarballs.bundled);
    const unbundledTarball = await pack(await unbundledPackage(work), tarballs.unbundled);
    const bundled = await measure(bundledTarball, work, RUNS);
    const unbundled = await measure(unbundledTarball, work, 1);
    const mb = (bytes) => bytes / 1e6;
    const line = (label, b, u, target) => console.log(`  ${label.padEnd(22)}${b.padStart(9)}   unbundled ${u.padStart(9)}${target ? `   target ${target}` : ''}`);
    console.log(`npm install of the packed tarball into an empty folder, warm cache (bundle: median of ${RUNS}; unbundled: once)`);
    line('install time', `${(bundled.ms / 1000).toFixed(1)} s`, `${(unbundled.ms / 1000).toFixed(1)} s`);
    line('packages', `${bundled.packages}`, `${unbundled.packages}`, `<= ${TARGET.packages}: ${bundled.packages <= TARGET.packages ? 'met' : 'MISSED'}`);
    line('installed, on disk', `${mb(bundled.bytes).toFixed(1)} MB`, `${mb(unbundled.bytes).toFixed(1)} MB`, `<= ${TARGET.megabytes} MB: ${mb(bundled.bytes) <= TARGET.megabytes ? 'met' : 'MISSED'}`);
  } finally {
    await removeInstall(work);
  }
}

main().catch((error) => {
  console.error(`bench-package: ${error.message}`);
  process.exit(1);
});
