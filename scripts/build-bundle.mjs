#!/usr/bin/env node
// The published program: src/cli.ts and every npm dependency it reaches,
// bundled by esbuild into ES modules in dist/bundle/: the entry cli.js and
// the chunks its lazy imports load (docs/bundle.md says what is in it and
// why it is split). The package ships that folder and assets/ only, and
// depends on nothing at run time.
//
// dist/bundle/ sits two levels below the package root, like dist/tasks/ and
// src/tasks/, and holds every chunk itself (no sub-folders): the code's
// relative URLs to assets/ hold in all three.
import { build } from 'esbuild';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = path.join(root, 'dist/bundle');
/** esbuild's account of what went into the bundle (outside the shipped folder): the tests read it. */
export const BUNDLE_META = path.join(root, 'dist/bundle-meta.json');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/**
 * Optional parts left out of the bundle, each replaced by a module that
 * fails to load the way the missing package would (code ERR_MODULE_NOT_FOUND):
 * the code that loads it already catches that and goes on without it; or,
 * where the package is loaded whatever is used, by `contents` that load and
 * refuse the one use left out.
 */
const ABSENT = [
  // ssh2's native crypto add-on (built by its install script, which npm does
  // not run for npx) and its CPU probe: ssh2 falls back to Node's crypto and
  // its own JavaScript, as it does in an install of the unbundled package.
  { request: './crypto/build/Release/sshcrypto.node', from: 'ssh2', what: "ssh2's native crypto add-on" },
  { request: 'cpu-features', from: 'ssh2', what: "ssh2's native CPU feature probe" },
  // Ink connects to React DevTools only when DEV=true, and says so when they are missing.
  { request: './devtools.js', from: 'ink', what: 'React DevTools (Ink with DEV=true)' },
  // mailauth's BIMI part downloads a logo from the address a BIMI record
  // names; the test mail's proof reads DKIM, SPF and DMARC only, and
  // mailsetup downloads nothing a DNS record points at. Its HTTP client
  // (undici, a tenth of the bundle) is replaced by a fetch that refuses, so
  // mailauth still loads (it requires undici when it loads).
  {
    request: 'undici',
    from: 'mailauth',
    what: 'undici (BIMI logo downloads)',
    contents: 'class Agent {} async function fetch() { const e = new Error("BIMI logo downloads are not part of mailsetup"); e.code = "ERR_MODULE_NOT_FOUND"; throw e; } module.exports = { fetch, Agent };',
  },
];

const absentParts = {
  name: 'absent-optional-parts',
  setup(b) {
    for (const part of ABSENT) {
      const filter = new RegExp(`^${part.request.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      b.onResolve({ filter }, (args) =>
        args.importer.includes(`${path.sep}node_modules${path.sep}${part.from}${path.sep}`) ? { path: part.request, namespace: 'absent', pluginData: part } : undefined,
      );
    }
    b.onLoad({ filter: /.*/, namespace: 'absent' }, (args) => ({
      contents:
        args.pluginData.contents ??
        `const e = new Error(${JSON.stringify(`${args.pluginData.what} is not part of mailsetup's bundle`)}); e.code = 'ERR_MODULE_NOT_FOUND'; throw e;`,
      loader: 'js',
    }));
  },
};

/** Whether Node loads `file` as CommonJS: .cjs, or .js under a package.json without "type": "module". */
export function isCommonJs(file) {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type !== 'module';
  }
  return true;
}

/**
 * Node gives `await import('nodemailer')` (a CommonJS package) its exports
 * by name beside `default`, and src/ uses them so (`createTransport`,
 * mailauth's `authenticate`, `React.createElement`). esbuild, splitting,
 * gives a lazily imported CommonJS module `default` only. So each lazy import
 * of a CommonJS package from src/ goes through a small ES module that names
 * the package's exports, read here by loading the package as Node would.
 */
const commonJsNamedExports = {
  name: 'commonjs-named-exports',
  setup(b) {
    const src = path.join(root, 'src') + path.sep;
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'named' || !args.importer.startsWith(src)) return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'named' });
      if (found.errors.length > 0 || found.external || !isCommonJs(found.path)) return undefined;
      return { path: found.path, namespace: 'commonjs-named' };
    });
    b.onLoad({ filter: /.*/, namespace: 'commonjs-named' }, (args) => {
      const names = Object.keys(createRequire(args.path)(args.path)).filter((n) => n !== 'default' && /^[A-Za-z_$][\w$]*$/.test(n));
      const contents = [
        `import m from ${JSON.stringify(args.path)};`,
        'export default m;',
        ...names.map((n, i) => `const n${i} = m[${JSON.stringify(n)}];`),
        `export { ${names.map((n, i) => `n${i} as ${n}`).join(', ')} };`,
      ].join('\n');
      return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** The oldest Node the package accepts (package.json `engines`): the syntax esbuild may emit. */
const oldestNode = () => pkg.engines.node.match(/\d+\.\d+\.\d+/)[0];

export async function buildBundle() {
  // Chunk names change with their content: old ones must not be packed.
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/cli.ts'],
    outdir: BUNDLE_DIR,
    // One file would be parsed whole on every start (4 MB: `--help` at 3.5x
    // bare node); split, each mode loads only the chunks its imports reach.
    splitting: true,
    chunkNames: '[name]-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${oldestNode()}`,
    jsx: 'automatic',
    minify: true,
    // Function and class names (error names among them) stay readable in a bug report.
    keepNames: true,
    legalComments: 'none',
    // React and Ink take their production paths, whatever NODE_ENV the user has.
    define: { 'process.env.NODE_ENV': '"production"' },
    // src/cli.ts sets NODE_ENV for the unbundled build; here the define above already decided.
    logOverride: { 'assign-to-define': 'silent' },
    // The CommonJS dependencies (ssh2, nodemailer, mailauth) call require()
    // and read __dirname; an ES module has neither unless it makes them.
    banner: {
      js: [
        "import { createRequire as __mailsetupRequire } from 'node:module';",
        "import { fileURLToPath as __mailsetupPath } from 'node:url';",
        'const require = __mailsetupRequire(import.meta.url);',
        'const __filename = __mailsetupPath(import.meta.url);',
        "const __dirname = __mailsetupPath(new URL('.', import.meta.url));",
      ].join('\n'),
    },
    plugins: [absentParts, commonJsNamedExports],
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(BUNDLE_META, JSON.stringify(result.metafile));
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const result = await buildBundle();
  const outputs = Object.values(result.metafile.outputs);
  const bytes = outputs.reduce((sum, o) => sum + o.bytes, 0);
  console.log(`dist/bundle/: cli.js and ${outputs.length - 1} chunks, ${(bytes / 1e6).toFixed(2)} MB, in ${Date.now() - started} ms`);
}
