// Jest loads globalSetup/globalTeardown outside its module system: their
// imports resolve natively, where src/*.ts cannot be loaded. So they use the
// compiled lab from dist/, building it first when it is missing or older
// than the sources. (Plain JavaScript for the same reason.)
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** @param {string} file */
async function mtime(file) {
  return (await stat(file).catch(() => null))?.mtimeMs ?? 0;
}

async function stale() {
  const src = path.join(root, 'src/lab');
  for (const name of await readdir(src)) {
    if (!name.endsWith('.ts')) continue;
    const built = path.join(root, 'dist/lab', name.replace(/\.ts$/, '.js'));
    if ((await mtime(built)) < (await mtime(path.join(src, name)))) return true;
  }
  return false;
}

export async function loadLab() {
  if (await stale()) {
    // tsc still emits when other parts of the tree have type errors.
    await execa('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: root, reject: false });
  }
  return import(pathToFileURL(path.join(root, 'dist/lab/index.js')).href);
}
