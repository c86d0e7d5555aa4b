// mailsetup as a user gets it: the package packed the way `npm publish`
// packs it (`npm pack`) and installed from the tarball into an empty
// folder, as `npx mailsetup` does. Jest's global setup runs the tests on
// this install; the bench times it.
import { execa } from 'execa';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** npm without jest's --experimental-vm-modules, which would only add warnings to its output. */
function npm(args, cwd) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return execa('npm', args, { cwd, env, extendEnv: false });
}

/**
 * `npm pack` of the package at `packageDir` into `destination`; the path of
 * the tarball. Scripts are skipped: `prepare` would rebuild all of dist/,
 * and the caller has just built what the package ships.
 */
export async function pack(packageDir, destination) {
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', destination], packageDir);
  return path.join(destination, JSON.parse(stdout)[0].filename);
}

/**
 * Installs `tarball` into a new empty folder under `parent`, from the npm
 * cache where it can (`--prefer-offline`). The folder, the mailsetup command
 * npm linked there, and how long the install took.
 */
export async function installTarball(tarball, parent) {
  const prefix = await mkdtemp(path.join(parent, 'install-'));
  await writeFile(path.join(prefix, 'package.json'), '{ "private": true }\n');
  const started = process.hrtime.bigint();
  await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-save', tarball], prefix);
  const installMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { prefix, bin: path.join(prefix, 'node_modules', '.bin', 'mailsetup'), installMs };
}

/**
 * The packages an install put in node_modules (npm's own record of them,
 * nested copies included) and the disk space they take in bytes (blocks, as
 * `du` counts: many small files cost more than their length).
 */
export async function installedFootprint(prefix) {
  const lock = JSON.parse(await readFile(path.join(prefix, 'node_modules', '.package-lock.json'), 'utf8'));
  const packages = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/')).length;
  return { packages, bytes: await diskBytes(path.join(prefix, 'node_modules')) };
}

async function diskBytes(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await diskBytes(full);
    else if (entry.isFile()) total += (await stat(full)).blocks * 512;
  }
  return total;
}

/** This checkout packed and installed into a new temp folder (remove it with `rm(dir)`). */
export async function packAndInstall() {
  const dir = await mkdtemp(path.join(tmpdir(), 'mailsetup-packed-'));
  const tarballs = path.join(dir, 'tarballs');
  await mkdir(tarballs);
  const tarball = await pack(ROOT, tarballs);
  return { dir, tarball, ...(await installTarball(tarball, dir)) };
}

export const removeInstall = (dir) => rm(dir, { recursive: true, force: true });
