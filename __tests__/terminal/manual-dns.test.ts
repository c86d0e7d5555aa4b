// The manual DNS provider in a real terminal, as a person does it: choose
// "I will add them myself", read the DNS records screen, copy its zone
// snippet off the screen into the DNS "panel", press Enter, and watch each
// record turn ✓. The panel is the lab's bind9: the snippet as captured from
// the screen is read by named-compilezone (so what is on screen really is a
// zone file) and its records are sent with nsupdate.
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labConfig, labReset, readLabInfo, reverseName } from '../../src/lab/index.js';
import { nsupdate } from '../../src/lab/dns.js';
import { pastQuestions, startFromReview } from './review.js';
import { Terminal, waitRc } from './tmux.js';
import { labCanRunHere } from '../helpers/provision.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';

const OS = 'debian12' as const;
const cli = CLI_ENTRY;
const INSTANCE = Number(process.env.MAILSETUP_LAB_INSTANCE ?? 0);
const ENV = { MAILSETUP_LAB_OS: OS, MAILSETUP_LAB_INSTANCE: String(INSTANCE), NO_COLOR: '1' };
/** The wizard's step list takes the first 23 columns; the screen's text starts after it. */
const RIGHT = 23;

/** Enter through the screens, but on the DNS screen pick "I will add them myself". */
async function answerWithManualDns(term: Terminal): Promise<void> {
  await term.waitFor(/Ready\?|What now\?/);
  await term.keys('Enter');
  for (let i = 0; i < 60; i++) {
    const screen = await term.screen();
    if (pastQuestions(screen)) return startFromReview(term);
    if (/✗ /.test(screen)) throw new Error(`a prefilled answer was refused:\n${screen}`);
    await term.keep(screen);
    if (/Publish the records:/.test(screen) && /❯ Automatically/.test(screen)) await term.keys('Up');
    await term.keys('Enter');
  }
  throw new Error('the question screens never ended');
}

/** The records page as the person reads it: every body line, paged with Space, by its line number. */
async function readRecordsPage(term: Terminal): Promise<string[]> {
  const lines: string[] = [];
  let screen = await term.waitFor(/DNS records for example\.test[\s\S]*Enter: I added them|Stopped at/, 900_000);
  if (/Stopped at/.test(screen)) throw new Error(`the run stopped:\n${screen}`);
  for (let i = 0; i < 20; i++) {
    const rows = screen.split('\n').map((l) => l.slice(RIGHT).trimEnd());
    const footer = rows.findIndex((l) => /scroll \(\d+-\d+ of \d+\)/.test(l));
    const [, first, last, total] = /scroll \((\d+)-(\d+) of (\d+)\)/.exec(rows[footer]!)!.map(Number);
    const body = rows.slice(footer - (last! - first! + 1), footer);
    body.forEach((text, k) => (lines[first! - 1 + k] = text));
    if (last === total) return lines;
    await term.keys('Space');
    screen = await term.waitFor(new RegExp(`scroll \\(\\d+-(?!${last} of)\\d+ of ${total}\\)`));
  }
  throw new Error('the records page never ended');
}

// MAILSETUP_LAB=off: no lab at all, never a lab some other run has up.
(labCanRunHere ? describe : describe.skip)('the manual DNS provider in a real terminal (tmux) against the lab', () => {
  test('records screen -> zone snippet copied off the screen into DNS -> Enter -> each record turns ✓ -> green summary', async () => {
    const info = await readLabInfo();
    if (!info?.vps[OS]) throw new Error(`lab instance ${INSTANCE} is not up: mailsetup lab up`);
    await labReset({ os: [OS] });
    const vps = (await readLabInfo())!.vps[OS]!;
    const stateDir = await mkdtemp(join(tmpdir(), 'mailsetup-tmux-manual-'));
    const term = new Terminal('manual-dns');
    const rc = join(stateDir, 'manual.rc');
    try {
      await term.start(['node', cli, '--lab', '--state-dir', stateDir], ENV, rc);
      await answerWithManualDns(term);
      const page = await readRecordsPage(term);
      expect(page.join('\n')).toContain('Add (names relative to example.test):');
      const at = page.indexOf('Zone file snippet (every line can be pasted as is):');
      expect(at).toBeGreaterThan(0);
      const snippet = page.slice(at + 1).join('\n');
      expect(snippet).toMatch(/^\$ORIGIN example\.test\.$/m);

      // "I added them" first, then the records appear: the live list shows them arriving.
      await term.keys('Enter');
      const waiting = await term.waitFor(/waiting for DNS \(\d+ of \d+ visible\)/, 120_000);
      // One line per record, named as on the records screen; the new DKIM key is not in DNS yet.
      expect(waiting).toMatch(/(… TXT ms\d{8}\._domainkey|✗ TXT ms\d{8}\._domainkey \(old value in DNS\))/);
      expect(waiting).toMatch(/ TXT _dmarc/);

      // The DNS panel: the snippet as copied from the screen, read by BIND's parser, each record sent.
      const dir = await mkdtemp(join(tmpdir(), 'mailsetup-panel-'));
      try {
        const file = join(dir, 'snippet.zone');
        await writeFile(file, `$TTL 3600\n@ IN SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 300\n@ IN NS ns1.example.test.\nns1 IN A 192.0.2.53\n${snippet}\n`);
        const parsed = (await execa('named-compilezone', ['-q', '-s', 'full', '-o', '-', 'example.test', file])).stdout
          .split('\n')
          .filter((l) => !/\sIN\s+(SOA|NS)\s/.test(l) && !l.startsWith('ns1.') && l.trim());
        const rrsets = new Set(parsed.map((l) => l.split(/\s+/).slice(0, 1).concat(l.split(/\s+/)[3]!).join(' ')));
        expect([...rrsets].some((s) => /_domainkey\.example\.test\. TXT/.test(s))).toBe(true);
        const cfg = labConfig();
        await nsupdate(cfg, info.dns.tsig.keyFile, [...[...rrsets].map((s) => `update delete ${s}`), ...parsed.map((l) => `update add ${l}`)]);
        // The host's panel (reverse DNS) is not in the zone: set as a person would there.
        for (const ip of [vps.ipv4, vps.ipv6]) {
          const name = reverseName(ip);
          await nsupdate(cfg, info.dns.tsig.keyFile, [`update delete ${name} PTR`, `update add ${name} 3600 PTR ${vps.hostname}.`]);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }

      const records = await term.waitFor(/These are at your DNS provider now|Stopped at/, 300_000);
      if (/Stopped at/.test(records)) throw new Error(`the run stopped:\n${records}`);
      await term.keys('Enter');
      await term.waitFor(/Receivers look the sending IP up/);
      await term.keys('Enter');
      await term.waitFor(/Add another email address/);
      await term.keys('Enter');
      const summary = await term.waitFor(/Your mail server is ready\.|some checks fail/);
      expect(summary).toContain('Your mail server is ready.');
      await term.keys('Enter');
      expect(await waitRc(rc, 15_000)).toBe(0);
    } finally {
      await term.stop();
      await rm(stateDir, { recursive: true, force: true });
    }
  }, 1_200_000);
});
