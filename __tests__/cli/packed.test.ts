// The package users install (`npm pack`, installed into an empty folder):
// it brings no dependency, ships the bundle and assets only, runs on every
// Node its `engines` admits, and no import in it reaches outside the bundle.
// It inspects the install jest's global setup made for the whole run
// (MAILSETUP_CLI_ENTRY); a file run on its own makes and removes its own.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { BUNDLE_META, buildBundle } from '../../scripts/build-bundle.mjs';
import { installedFootprint, packAndInstall, removeInstall } from '../../scripts/pack-install.mjs';

interface Install {
  /** The folder npm installed into. */
  prefix: string;
  /** node_modules/mailsetup in it. */
  pkg: string;
  bin: string;
}

let install: Install;
let ownDir: string | undefined;

const LEFT_OUT = "is not part of mailsetup's bundle";

function filesUnder(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, base) : [path.relative(base, full)];
  });
}

/** A module run by node with its working directory in the install: what a user's `npx mailsetup` can reach. */
async function runIn(prefix: string, name: string, source: string) {
  const file = path.join(prefix, name);
  writeFileSync(file, source);
  return execa(process.execPath, [file], { cwd: prefix, reject: false, env: { NODE_OPTIONS: '' } });
}

beforeAll(async () => {
  const bin = process.env.MAILSETUP_CLI_ENTRY;
  if (bin) {
    install = { bin, prefix: path.resolve(path.dirname(bin), '../..'), pkg: path.resolve(path.dirname(realpathSync(bin)), '../..') };
    return;
  }
  await buildBundle();
  const made = await packAndInstall();
  ownDir = made.dir;
  install = { bin: made.bin, prefix: made.prefix, pkg: path.join(made.prefix, 'node_modules', 'mailsetup') };
}, 120_000);

afterAll(async () => {
  if (ownDir) await removeInstall(ownDir);
});

describe('the packed package', () => {
  test('npm installs mailsetup alone: it declares no dependency and none comes with it', async () => {
    const manifest = JSON.parse(readFileSync(path.join(install.pkg, 'package.json'), 'utf8'));
    for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies']) expect(manifest[key]).toBeUndefined();
    expect((await installedFootprint(install.prefix)).packages).toBe(1);
  });

  test("the mailsetup command is the package's bin, and the package holds the bundle and assets only", () => {
    const manifest = JSON.parse(readFileSync(path.join(install.pkg, 'package.json'), 'utf8'));
    expect(realpathSync(install.bin)).toBe(path.join(install.pkg, manifest.bin.mailsetup));
    const files = filesUnder(install.pkg);
    const unexpected = files.filter((f) => !/^(package\.json|README\.md|LICENSE|assets\/.+|dist\/bundle\/[\w-]+\.js)$/.test(f));
    expect(unexpected).toEqual([]);
    // Every asset the code reads at run time, byte for byte.
    const root = process.cwd();
    for (const asset of filesUnder(path.join(root, 'assets'))) {
      expect(readFileSync(path.join(install.pkg, 'assets', asset))).toEqual(readFileSync(path.join(root, 'assets', asset)));
    }
  });

  test('every chunk of the bundle loads from the install, where no other package can be found; only the parts left out on purpose fail', async () => {
    const dir = path.join(install.pkg, 'dist', 'bundle');
    const chunks = readdirSync(dir).filter((f) => f !== 'cli.js');
    expect(chunks.length).toBeGreaterThan(0);
    const loadAll = await runIn(
      install.prefix,
      'load-chunks.mjs',
      `const failed = [];
for (const chunk of ${JSON.stringify(chunks)}) {
  try { await import(${JSON.stringify(dir + path.sep)} + chunk); } catch (e) { failed.push(e.code + ': ' + e.message); }
}
process.stdout.write(JSON.stringify(failed));`,
    );
    expect(loadAll.stderr).toBe('');
    expect(JSON.parse(loadAll.stdout)).toEqual([`ERR_MODULE_NOT_FOUND: React DevTools (Ink with DEV=true) ${LEFT_OUT}`]);
    // The same place fails an import the bundle did not take in: the check above can fail.
    const bare = await runIn(install.prefix, 'bare-import.mjs', "await import('ink');");
    expect(bare.exitCode).not.toBe(0);
    expect(bare.stderr).toContain("Cannot find package 'ink'");
  });

  test('each CommonJS package src/ imports lazily has in the bundle every export Node gives it by name', async () => {
    const lazy = [...new Set(filesUnder('src').flatMap((f) => [...readFileSync(path.join('src', f), 'utf8').matchAll(/import\('([^.'][^']*)'\)/g)].map((m) => m[1])))].filter(
      (spec) => !spec.startsWith('node:'),
    );
    // Node's own view, from this checkout: which of them are CommonJS, and the names Node gives each.
    const node = await execa(process.execPath, ['--input-type=module', '-e', `
import { fileURLToPath } from 'node:url';
import { isCommonJs } from './scripts/build-bundle.mjs';
const names = {};
for (const spec of ${JSON.stringify(lazy)}) {
  const file = fileURLToPath(import.meta.resolve(spec));
  if (isCommonJs(file)) names[file] = Object.keys(await import(spec)).filter((n) => n !== 'default');
}
process.stdout.write(JSON.stringify(names));`], { env: { NODE_OPTIONS: '' } });
    const expected = JSON.parse(node.stdout) as Record<string, string[]>;
    expect(Object.keys(expected).map((f) => path.relative('node_modules', f)).sort()).toEqual(
      ['mailauth/lib/mailauth.js', 'mailauth/lib/spf/index.js', 'nodemailer/lib/nodemailer.js', 'react/index.js'],
    );
    const meta = JSON.parse(readFileSync(BUNDLE_META, 'utf8')) as { outputs: Record<string, { entryPoint?: string }> };
    const chunkOf = (file: string) => Object.entries(meta.outputs).find(([, o]) => o.entryPoint === `commonjs-named:${file}`)?.[0];
    const chunks = Object.fromEntries(Object.keys(expected).map((file) => [file, chunkOf(file)]));
    expect(Object.values(chunks).filter((c) => c === undefined)).toEqual([]);
    const bundled = await runIn(
      install.prefix,
      'named-exports.mjs',
      `const names = {};
for (const [file, chunk] of Object.entries(${JSON.stringify(chunks)})) names[file] = Object.keys(await import(${JSON.stringify(path.join(install.pkg, 'dist', 'bundle') + path.sep)} + chunk.split('/').pop()));
process.stdout.write(JSON.stringify(names));`,
    );
    const got = JSON.parse(bundled.stdout) as Record<string, string[]>;
    for (const [file, names] of Object.entries(expected)) {
      expect(names.length).toBeGreaterThan(0);
      expect(names.filter((n) => !got[file].includes(n))).toEqual([]);
    }
  });

  test("engines admits only Node versions every bundled package supports (a wider range fails this check)", () => {
    const meta = JSON.parse(readFileSync(BUNDLE_META, 'utf8')) as { inputs: Record<string, unknown> };
    const packageDirs = new Set(
      Object.keys(meta.inputs)
        // Plugin modules are named namespace:path; the packages are plain paths.
        .filter((input) => !input.includes(':'))
        .map((input) => /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1])
        .filter((dir): dir is string => dir !== undefined),
    );
    expect(packageDirs.size).toBeGreaterThan(10);
    const ranges = [...packageDirs].map((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      return { name: `${manifest.name}@${manifest.version}`, node: manifest.engines?.node as string | undefined };
    });
    const unsupported = (engines: string) => ranges.filter((r) => r.node && !semver.subset(engines, r.node)).map((r) => `${r.name} (${r.node})`);
    const ours = JSON.parse(readFileSync('package.json', 'utf8')).engines.node as string;
    expect(unsupported(ours)).toEqual([]);
    expect(unsupported('>=20.11')).not.toEqual([]);
  });
});
