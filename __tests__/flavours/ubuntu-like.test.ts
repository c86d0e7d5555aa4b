// ubuntu-like: what an Ubuntu cloud image brings, on Debian (Ubuntu's archive
// is not reachable from the lab): cloud-init's netplan 50-cloud-init.yaml,
// systemd-resolved's stub 127.0.0.53 as the resolver, ufw on with only SSH
// allowed, and unattended-upgrades holding the apt lock for the first minute.
// Before the firewall step the run ended at the test mail ("port 587: cannot
// connect"); now the plan says ufw closes 25, 465, 587 and opens exactly those.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execa } from 'execa';
import { labConfig } from '../../src/lab/config.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dropFlavourLab, FLAVOUR_INSTANCE, flavourDescribe, freshFlavour, mailsetup, onFlavourVps, runUnattendedE2e, type FlavourLab } from './helpers.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';
import { startFromReview } from '../terminal/review.js';
import { Terminal, waitRc } from '../terminal/tmux.js';
import { answerScreens, confirmRecords, readResults, readReview } from '../terminal/walk.js';

const OS = process.env.MAILSETUP_FLAVOUR_OS === 'debian13' ? 'debian13' : 'debian12';
let lab: FlavourLab | undefined;
const HOST_TABLE = `mailsetup_flavourtest${FLAVOUR_INSTANCE}`;

/** A drop on this machine's side of the lab bridge: a port "blocked on the way", the server not involved. */
async function blockOnTheWay(port: number): Promise<void> {
  const bridge = labConfig({ instance: FLAVOUR_INSTANCE }).bridge;
  const rules = `table inet ${HOST_TABLE} {\n chain out {\n  type filter hook output priority 0; policy accept;\n  oifname "${bridge}" tcp dport ${port} drop\n }\n}\n`;
  await execa('nft', ['-f', '-'], { input: rules });
}
const unblock = () => execa('nft', ['delete', 'table', 'inet', HOST_TABLE], { reject: false });

const ufwRules = async () => (await onFlavourVps(lab!, 'ufw status')).stdout.split('\n').filter((l) => /ALLOW/.test(l)).map((l) => l.replace(/\s+/g, ' ').trim());

flavourDescribe(`ubuntu-like flavour (${OS})`, () => {
  beforeAll(async () => {
    await unblock();
    lab = await freshFlavour('ubuntu-like', OS);
  }, 600_000);
  afterAll(async () => {
    await unblock();
    await dropFlavourLab(lab);
  }, 120_000);

  test('the VPS is as the image ships it', async () => {
    const seen = await onFlavourVps(lab!, 'readlink /etc/resolv.conf; grep ^nameserver /etc/resolv.conf; ls /etc/netplan; systemctl is-active ufw systemd-resolved');
    expect(seen.stdout.trim().split('\n')).toEqual(['../run/systemd/resolve/stub-resolv.conf', 'nameserver 127.0.0.53', '50-cloud-init.yaml', 'active', 'active']);
    expect(await ufwRules()).toEqual(['22/tcp ALLOW Anywhere', '22/tcp (v6) ALLOW Anywhere (v6)']);
  });

  test('unattended run (waiting out the apt lock), --check green, firewall verdicts, rerun with zero changes', async () => {
    const holder = await onFlavourVps(lab!, 'pgrep -f /usr/local/sbin/unattended-upgrade');
    expect(holder.code).toBe(0); // the first minute's lock is still held when the run starts
    await runUnattendedE2e(lab!, async () => {
      // Opened exactly 25, 465, 587, IPv4 and IPv6, and nothing else.
      expect((await ufwRules()).sort()).toEqual(
        ['22', '25', '465', '587'].flatMap((p) => [`${p}/tcp ALLOW Anywhere`, `${p}/tcp (v6) ALLOW Anywhere (v6)`]).sort(),
      );
      const cloudInit = await onFlavourVps(lab!, 'cat /etc/cloud/cloud.cfg.d/99-disable-network-config.cfg; grep -c "^            - fd" /etc/netplan/50-cloud-init.yaml');
      expect(cloudInit.stdout).toMatch(/^network: \{config: disabled\}\n1$/m);

      // The server's firewall closes 465 again: --check says it is the server's firewall.
      await onFlavourVps(lab!, 'ufw delete allow 465/tcp');
      // Something between here and the server drops 587: --check says "on the way", the server's firewall allows it.
      await blockOnTheWay(587);
      const check = await mailsetup(lab!, ['--check']);
      await unblock();
      expect(check.code).toBe(1);
      expect(check.out).toMatch(/Port 465 \(submission over TLS\) on 10\.77\.\d+\.\d+ reachable from here: closed by the server's firewall: ufw does not let 465 in/);
      expect(check.out).toMatch(/fix: Run mailsetup again \(its firewall step opens 25, 465 and 587\), or on the server: ufw allow 465\/tcp/);
      expect(check.out).toMatch(/Port 587 \(submission\) on 10\.77\.\d+\.\d+ reachable from here: blocked on the way: .* the server's own firewall lets 587 in/);
      expect(check.out).not.toMatch(/Port (25|587) .*closed by the server's firewall/);
      // A run opens the one port again, and says so.
      const reopen = await mailsetup(lab!, ['--yes']);
      expect(reopen.code).toBe(0);
      expect(reopen.out).toMatch(/✔ ufw closes 465: opening exactly those \(IPv4 and IPv6\): opened 465/);
    });
  }, 900_000);

  // A person with a fresh Ubuntu-like VPS: the same image again, the wizard in
  // a real terminal. The review names the firewall rules before anything
  // changes; the run waits out the first minute's apt lock and ends green.
  test('the wizard in a terminal (tmux) on a fresh VPS of this flavour ends on an all-green summary', async () => {
    const dir = lab!.dir;
    lab = await freshFlavour('ubuntu-like', OS);
    const stateDir = join(lab.dir, 'wizard-state');
    const term = new Terminal(`ubuntu-like-${OS}`);
    const rc = join(lab.dir, 'wizard.rc');
    try {
      await term.start(['node', CLI_ENTRY, '--lab', '--state-dir', stateDir],
        { MAILSETUP_LAB_INSTANCE: String(FLAVOUR_INSTANCE), MAILSETUP_LAB_OS: OS, HOME: join(lab.dir, 'home'), NO_COLOR: '1' }, rc);
      await answerScreens(term, OS);
      const plan = (await readReview(term)).replace(/\s+/g, ' ');
      expect(plan).toContain('Firewall: SMTP ports firewall: ufw allow 25/tcp && ufw allow 465/tcp && ufw allow 587/tcp');
      await startFromReview(term);
      await confirmRecords(term);
      const { summary } = await readResults(term);
      expect(summary).toContain('Your mail server is ready.');
      expect(summary).toMatch(/Checks: \d+ ok, \d+ warn, 0 fail · test mail: DKIM pass/);
      await term.keys('Enter');
      expect(await waitRc(rc, 10_000)).toBe(0);
      expect((await ufwRules()).filter((rule) => /^(25|465|587)\//.test(rule))).toHaveLength(6);
    } finally {
      await term.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 900_000);
});
