// The host tools the suite uses: each one's feature proved by use, the
// package list the pretest installs holding every package they come from,
// and a missing tool reported with the package that brings it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HOST_TOOLS, describeMissing, proveHostTools, type HostTool } from '../../src/lab/host-tools.js';

const runsHere = process.platform === 'linux' && process.getuid?.() === 0 && process.env.MAILSETUP_LAB !== 'off';

async function listedPackages(): Promise<string[]> {
  const text = await readFile('assets/lab/host-packages.txt', 'utf8');
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

describe('the host package list', () => {
  test('holds the package of every tool the suite proves, and nothing no tool needs', async () => {
    const listed = await listedPackages();
    const needed = [...new Set(HOST_TOOLS.map((t) => t.pkg).filter((p) => !p.startsWith('(')))];
    expect(needed.filter((p) => !listed.includes(p))).toEqual([]);
    expect(listed.filter((p) => !needed.includes(p))).toEqual([]);
  });

  test("swaks' TLS comes from its own line, since Recommends are not installed", async () => {
    const pretest = await readFile('scripts/ensure-host-packages.sh', 'utf8');
    expect(pretest).toContain('--no-install-recommends');
    expect(HOST_TOOLS.find((t) => t.name === 'swaks -tls')?.pkg).toBe('libnet-ssleay-perl');
    expect(await listedPackages()).toContain('libnet-ssleay-perl');
  });
});

(runsHere ? describe : describe.skip)('each host tool does what the suite asks of it', () => {
  let results: Awaited<ReturnType<typeof proveHostTools>>;
  beforeAll(async () => {
    results = await proveHostTools('all');
  });

  test.each(HOST_TOOLS.map((t) => [t.name, t.use] as const))('%s: %s', (name) => {
    const r = results.find((x) => x.tool.name === name)!;
    expect(r.error).toBeUndefined();
  });
});

describe('a missing tool', () => {
  test('is reported with what it is for and the package to install', async () => {
    const absent: HostTool = {
      name: 'frobnicate', pkg: 'frobnicate-utils', lab: false, use: 'frobnicates zones',
      prove: async () => {
        throw new Error('frobnicate: not found');
      },
    };
    const message = describeMissing([{ tool: absent, error: 'frobnicate: not found' }, { tool: HOST_TOOLS[0]! }]);
    expect(message).toContain('frobnicate (frobnicates zones): frobnicate: not found; package frobnicate-utils');
    expect(message).toMatch(/fix: apt-get install -y --no-install-recommends frobnicate-utils$/);
    expect(message).not.toContain(HOST_TOOLS[0]!.name + ' (');
    expect(describeMissing([{ tool: HOST_TOOLS[0]! }])).toBeNull();
  });

  test('is found by its probe: with an empty PATH every program-backed tool fails and names its package', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const results = await proveHostTools('all');
      const failed = results.filter((r) => r.error).map((r) => r.tool.name);
      for (const name of ['swaks', 'swaks -tls', 'named-checkzone', 'nsupdate', 'pebble', 'lego', 'tmux', 'systemd-nspawn', 'debootstrap']) {
        expect(failed).toContain(name);
      }
      const message = describeMissing(results)!;
      for (const pkg of ['swaks', 'libnet-ssleay-perl', 'bind9-utils', 'bind9-dnsutils', 'pebble', 'lego', 'tmux', 'systemd-container']) {
        expect(message).toContain(pkg);
      }
    } finally {
      process.env.PATH = saved;
    }
  });

  (runsHere ? test : test.skip)("swaks without Net::SSLeay (the fresh-machine failure) is caught and libnet-ssleay-perl named", async () => {
    // Net::SSLeay is hidden from swaks' perl by a module of the same name
    // that refuses to load, as on a machine where the package is absent.
    const dir = await mkdtemp(path.join(tmpdir(), 'mailsetup-nossl-'));
    const saved = process.env.PERL5LIB;
    try {
      await mkdir(path.join(dir, 'Net'));
      await writeFile(path.join(dir, 'Net/SSLeay.pm'), 'die "hidden\\n";\n');
      process.env.PERL5LIB = dir;
      const results = await proveHostTools('all');
      expect(results.find((r) => r.tool.name === 'swaks')?.error).toBeUndefined();
      expect(results.find((r) => r.tool.name === 'swaks -tls')?.error).toBeDefined();
      expect(describeMissing(results)).toMatch(/swaks -tls \(sends test mail over STARTTLS\).*package libnet-ssleay-perl/);
    } finally {
      if (saved === undefined) delete process.env.PERL5LIB;
      else process.env.PERL5LIB = saved;
      await rm(dir, { recursive: true, force: true });
    }
  });
});
