// The quoting rule as a property of the source tree: commands reach the
// server only through the SSH engine, whose one entry point takes a `Raw`
// that only the `sh` tag (which quotes every value) or a fixed literal can
// make. These checks fail when someone builds a command from a string.
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname ?? process.cwd(), '..', '..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

/** The argument text of every call `name(...)`, parentheses matched. */
function callArguments(text: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`\\b${name}\\(`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < text.length && depth > 0; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')') depth--;
    }
    out.push(text.slice(m.index + m[0].length, i - 1));
  }
  return out;
}

/** True when a raw() argument could carry an unquoted value into a command. */
function rawOffense(source: string): boolean {
  // An sh`...` template quotes its own substitutions: it is safe as a whole.
  const arg = source.replace(/\bsh`(?:[^`\\]|\\.)*`/g, "''");
  // Inside template literals, a substitution may only be a constant
  // (UPPER_CASE), a value passed through quote(), or the .text of a command
  // the sh tag built.
  const substitutions = [...arg.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!.trim());
  if (substitutions.some((e) => !/^(?:[\w.]+\.text|[A-Z][A-Z0-9_]*|quote\([^()]*\))$/.test(e))) return true;
  // Outside string literals nothing may be glued on with "+" (write-script's
  // quoted variables + its fixed BODY is the one reviewed exception).
  const code = arg.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''");
  return /\+/.test(code) && !/^\s*vars\.text\s*\+\s*BODY\s*$/.test(code);
}

describe('one way to the remote shell', () => {
  test('only src/remote imports ssh2, and only channel.ts opens exec channels', () => {
    const importers = files.filter((f) => /from 'ssh2'|import\('ssh2'\)/.test(f.text)).map((f) => f.path);
    expect(importers.every((p) => p.startsWith('src/remote/'))).toBe(true);
    const execCallers = files.filter((f) => /\bclient\.exec\(/.test(f.text)).map((f) => f.path);
    expect(execCallers).toEqual(['src/remote/channel.ts']);
  });

  test('raw() is only given literals, constants or text the sh tag already quoted', () => {
    const offenders: string[] = [];
    for (const f of files) {
      if (f.path === 'src/remote/quote.ts') continue;
      for (const arg of callArguments(f.text, 'raw')) if (rawOffense(arg)) offenders.push(`${f.path}: raw(${arg.slice(0, 80)})`);
    }
    expect(offenders).toEqual([]);
  });

  test('the raw() rule catches a string-built command', () => {
    expect(rawOffense('`rm -rf ${path}`')).toBe(true);
    expect(rawOffense("'rm -rf ' + path")).toBe(true);
    expect(rawOffense('[`cd ${dir}`, "ls"].join(";")')).toBe(true);
    expect(rawOffense('`${cmd.text} & sleep ${SECONDS}`')).toBe(false);
    expect(rawOffense("flag ? ' -f' : ''")).toBe(false);
    expect(rawOffense('`[ -r ${quote(file)} ] || exit 1`')).toBe(false);
    expect(rawOffense('`rm ${quote(a) + b}`')).toBe(true);
    expect(rawOffense('[`cd`, sh`lego ${args} run`.text].join(";")')).toBe(false);
  });

  test('no Raw is constructed outside quote.ts, and no local command runs through a shell', () => {
    const rawMakers = files.filter((f) => f.path !== 'src/remote/quote.ts' && /new Raw\(/.test(f.text)).map((f) => f.path);
    expect(rawMakers).toEqual([]);
    const shells = files.filter((f) => /shell:\s*true|execSync\(|exec\(\s*`/.test(f.text)).map((f) => f.path);
    expect(shells).toEqual([]);
  });

  test('Remote.exec accepts only Raw, so a plain string does not type-check', () => {
    const types = readFileSync(join(SRC, 'remote', 'types.ts'), 'utf8');
    expect(types).toMatch(/exec\(command: Raw,/);
  });
});
