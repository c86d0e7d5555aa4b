// The pinned acme.sh: every sha256 mailsetup checks on the server is the one
// of the upstream release itself, read from the vendored tarball in
// ../shared/vendor/ beside the project (never committed). Without it this
// test fails, saying where it belongs: a pin nobody checked is no pin.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientProviders } from '../../src/dns/providers/registry/index.js';
import { ACME_SH_LAB_VERSION, vendoredAcmeSh } from '../../src/lab/acme-sh-answers.js';
import { ACME_SH_TOP, ACME_SH_VERSION, acmeShChecksums } from '../../src/tasks/acme-sh-release.js';

const tarball = vendoredAcmeSh(ACME_SH_VERSION);
const readme = join(tarball, '..', 'README.md');
let dir: string;

beforeAll(async () => {
  if (!existsSync(tarball) || !existsSync(readme)) {
    throw new Error(`the acme.sh ${ACME_SH_VERSION} release is missing: put acme.sh-${ACME_SH_VERSION}.tar.gz and its README.md in ${join(tarball, '..')} (shared/vendor/ beside the project; never committed)`);
  }
  dir = mkdtempSync(join(tmpdir(), 'mailsetup-acmesh-'));
  await execa('tar', ['-xzf', tarball, '-C', dir]);
});
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(join(dir, ACME_SH_TOP, file))).digest('hex');
const pinned = (code: string) => new Map(acmeShChecksums(code).trim().split('\n').map((l) => l.split('  ').reverse() as [string, string]));

test('acme.sh and every acme.sh plugin in the registry are pinned to the release', () => {
  const codes = Object.keys(clientProviders('acme.sh'));
  expect(codes.length).toBeGreaterThan(5);
  for (const code of codes) {
    const pins = pinned(code);
    expect([...pins.keys()]).toEqual(['acme.sh', `dnsapi/${code}.sh`]);
    for (const [file, hash] of pins) expect({ file, hash }).toEqual({ file, hash: sha256(file) });
  }
});

test("the vendored release is the one its README describes, and the pins agree with the README's table", () => {
  const text = readFileSync(readme, 'utf8');
  expect(text).toContain(`acme.sh ${ACME_SH_VERSION}`);
  const table = new Map([...text.matchAll(/^\| (\S+) \| ([0-9a-f]{64}) \|$/gm)].map((m) => [m[1]!, m[2]!]));
  expect(table.size).toBeGreaterThanOrEqual(3);
  for (const [file, hash] of table) {
    expect({ file, hash: sha256(file) }).toEqual({ file, hash });
    const code = /^dnsapi\/(dns_\w+)\.sh$/.exec(file)?.[1];
    if (code && clientProviders('acme.sh')[code]) expect(pinned(code).get(file)).toBe(hash);
  }
  expect(pinned('dns_nsupdate').get('acme.sh')).toBe(table.get('acme.sh'));
});

test('the lab serves the pinned version', () => {
  expect(ACME_SH_LAB_VERSION).toBe(ACME_SH_VERSION);
});

test('a plugin outside the registry, or without a pin, is refused before anything runs', () => {
  for (const code of ['dns_unknown', '__proto__', 'toString', 'cloudflare']) expect(() => acmeShChecksums(code)).toThrow(/no pinned sha256/);
});
