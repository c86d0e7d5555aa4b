// The lab proof of `mailsetup watch`, shared by the Debian 12 and Debian 13
// files (one VPS each): the timer installed and enabled; each thing broken
// in turn (chasquid stopped, the DKIM record removed, the address listed on
// the lab blocklist, a certificate near expiry, a full queue), the timer's
// service run: exactly one mail describing that change lands in the lab
// inbox, DKIM-signed; after the repair exactly one "resolved" mail; a run
// with no change sends nothing; an alert that could not be sent goes out with
// the next; the weekly "all good"; a webhook gets the JSON; `off` leaves
// nothing behind.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { LabOs } from '../../src/lab/types.js';
import { raw, sh } from '../../src/remote/quote.js';
import type { Remote } from '../../src/remote/types.js';
import { steps } from '../../src/tasks/steps.js';
import { CLI_ENTRY } from '../helpers/cli-entry.js';
import { connectLab, labTarget, provision, type LabTarget } from '../helpers/provision.js';
import { buildCli, canRunLab, dkimVerdicts, root } from './helpers.js';

/** Where the test saves the alert mail it captured (the README's example comes from it). */
export const CAPTURED_ALERT = join(tmpdir(), 'mailsetup-watch-alert.eml');

export function watchLabSuite(os: LabOs, instance: string): void {
  const maybe = canRunLab ? describe : describe.skip;
  maybe(`mailsetup watch on the lab (${os})`, () => {
    let target: LabTarget;
    let remote: Remote;
    let stateDir: string;
    let lab: typeof import('../../src/lab/index.js');
    let nsupdate: typeof import('../../src/lab/dns.js').nsupdate;
    const n = Number(instance);
    const env = () => ({ MAILSETUP_LAB_INSTANCE: instance, MAILSETUP_LAB_OS: os, XDG_STATE_HOME: stateDir, NO_COLOR: '1' });
    const cli = (...args: string[]) => execa('node', [CLI_ENTRY, ...args, '--lab', '--state-dir', stateDir], { cwd: root, env: env(), reject: false });
    const domain = () => target.run.answers.domain;
    const hostname = () => target.run.answers.hostname;

    beforeAll(async () => {
      process.env.MAILSETUP_LAB_INSTANCE = instance;
      lab = await import('../../src/lab/index.js');
      ({ nsupdate } = await import('../../src/lab/dns.js'));
      if (!(await lab.labStatus({ instance: n })).up) await lab.labDown({ instance: n });
      await lab.labUp({ instance: n, os: [os] });
      target = (await labTarget(os))!;
      stateDir = await mkdtemp(join(tmpdir(), `mailsetup-watch-${os}-`));
      const [done] = await Promise.all([provision(target, { stateDir, steps: steps.filter((s) => s.id !== 'testmail') }), buildCli()]);
      if (!done.outcome.ok) throw new Error(`provisioning failed at ${done.outcome.failedStep}: ${done.outcome.error?.message}`);
      remote = await connectLab(target, stateDir);
    }, 900000);

    // The lab goes down with the file: two idle VPSes would otherwise run beside the rest of the suite.
    afterAll(async () => {
      await remote?.close();
      if (stateDir) await rm(stateDir, { recursive: true, force: true });
      await lab?.labDown({ instance: n });
    }, 120000);

    const watchMails = async () => (await lab.readInbox({ instance: n })).filter((m) => m.raw.includes('\nFrom: mailsetup watch <'));
    const lastRun = async () => (await remote.exec(sh`tail -n 1 /var/lib/mailsetup-watch/history`)).stdout.trim();

    /** Run the timer's service, as the timer does; the new watch mails (all of them, after a moment for a second one to show). */
    async function runService(expectMails: number): Promise<{ mails: string[]; run: string }> {
      const before = (await watchMails()).length;
      // systemd 257 in the lab's container now and then fails to spawn a unit started again within seconds of
      // its last run ("Failed to spawn executor", result "resources"): that start is tried once more.
      await remote.exec(sh`systemctl start mailsetup-watch.service || { [ "$(systemctl show -p Result --value mailsetup-watch.service)" = resources ] && sleep 1 && systemctl start mailsetup-watch.service; }`, {
        allowFailure: true,
        timeoutMs: 120000,
      });
      const run = await lastRun();
      const until = Date.now() + 30000;
      while (expectMails > 0 && (await watchMails()).length < before + expectMails && Date.now() < until) await new Promise((r) => setTimeout(r, 300));
      await new Promise((r) => setTimeout(r, 2000));
      // Line ends as sent on the wire (CRLF) become plain ones, for the patterns.
      return { mails: (await watchMails()).slice(before).map((m) => m.raw.replace(/\r\n/g, "\n")), run };
    }

    const subject = (raw: string) => /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';

    async function expectOneMail(pattern: RegExp, body: RegExp): Promise<string> {
      const { mails, run } = await runService(1);
      expect({ run, subjects: mails.map(subject) }).toMatchObject({ subjects: [expect.stringMatching(pattern)] });
      expect(mails[0]).toMatch(body);
      return mails[0]!;
    }

    async function expectNoMail(): Promise<void> {
      const { mails, run } = await runService(0);
      expect(run).toMatch(/nothing to send$/);
      expect(mails).toEqual([]);
    }

    test('watch on: the timer is installed and enabled, the first run finds all good and sends nothing', async () => {
      const before = (await watchMails()).length;
      const r = await cli('watch', 'on', '--yes', '--at', '05:45');
      expect(r.stderr).toBe('');
      expect({ exitCode: r.exitCode, stdout: r.stdout }).toMatchObject({ exitCode: 0 });
      expect(r.stdout).toMatch(/first run: .* ok \(\d+ ok, 0 warn, 0 fail\): nothing to send/);
      expect(r.stdout).toMatch(/✓ TXT \S+\._domainkey\.\S+: as published/);
      const units = (await remote.exec(sh`systemctl is-enabled mailsetup-watch.timer; systemctl is-active mailsetup-watch.timer; systemctl cat mailsetup-watch.timer`)).stdout;
      expect(units).toMatch(/^enabled\nactive\n/);
      expect(units).toMatch(/OnCalendar=\*-\*-\* 05:45:00/);
      expect((await watchMails()).length).toBe(before);
    }, 180000);

    test('chasquid stopped: one mail says the watch restarted it; the next run, one "resolved"; then nothing', async () => {
      await remote.exec(sh`systemctl stop chasquid`);
      const mail = await expectOneMail(/: problem: chasquid is running$/, /chasquid was not running \(systemd: \w+\) at .*; the watch restarted it once and it runs again/);
      await writeFile(CAPTURED_ALERT, mail);
      // Sent through chasquid as the watch's sender: signed with the domain's DKIM key, and it verifies.
      expect(await dkimVerdicts(target, mail)).toEqual([expect.objectContaining({ domain: domain(), result: 'pass' })]);
      expect((await remote.exec(sh`systemctl is-active chasquid`)).stdout.trim()).toBe('active');
      await expectOneMail(/: resolved: chasquid is running$/, /Resolved:\nok chasquid is running/);
      await expectNoMail();
    }, 180000);

    test('the DKIM record removed: one mail names it; published again: one "resolved"', async () => {
      const selector = (await remote.exec(sh`cat /etc/chasquid/domains/${domain()}/dkim_selector 2>/dev/null || ls /etc/chasquid/domains/${domain()} | sed -n 's/^dkim:\\(.*\\)\\.pem$/\\1/p'`)).stdout.trim();
      const name = `${selector}._domainkey.${domain()}`;
      const resolver = new Resolver();
      resolver.setServers([target.run.resolver]);
      const chunks = (await resolver.resolveTxt(name))[0]!;
      const cfg = lab.labConfig({ instance: n });
      await nsupdate(cfg, target.info.dns.tsig.keyFile, [`update delete ${name} TXT`]);
      try {
        await expectOneMail(new RegExp(`: problem: TXT ${name.replace(/\./g, '\\.')}$`), /DNS has: nothing; mailsetup published: v=DKIM1;/);
      } finally {
        await nsupdate(cfg, target.info.dns.tsig.keyFile, [`update add ${name} 3600 TXT ${chunks.map((c) => `"${c}"`).join(' ')}`]);
      }
      await expectOneMail(new RegExp(`: resolved: TXT ${name.replace(/\./g, '\\.')}$`), /Resolved:/);
    }, 180000);

    test('the address listed on the blocklist: one mail; delisted: one "resolved"', async () => {
      const ip = target.vps.ipv4;
      await lab.listOnBlocklist(ip, { instance: n });
      try {
        await expectOneMail(new RegExp(`: problem: ${ip.replace(/\./g, '\\.')} not listed on ${target.info.blocklist.zone}$`), /listed \(127\.0\.0\.2\)/);
      } finally {
        await lab.delistFromBlocklist(ip, { instance: n });
      }
      await expectOneMail(/: resolved: .* not listed on /, /Resolved:/);
    }, 180000);

    test('a certificate 5 days from expiry: one mail; the real one back: one "resolved"', async () => {
      const dir = `/etc/chasquid/certs/${hostname()}`;
      await remote.exec(
        sh`cp -p ${dir}/fullchain.pem ${dir}/privkey.pem /root/ && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 5 -subj ${`/CN=${hostname()}`} -keyout ${dir}/privkey.pem -out ${dir}/fullchain.pem 2>/dev/null`,
      );
      try {
        await expectOneMail(/: problem: Certificate valid for 14 days or more$/, /[45] days left/);
      } finally {
        await remote.exec(sh`cp -p /root/fullchain.pem /root/privkey.pem ${dir}/ && rm -f /root/fullchain.pem /root/privkey.pem`);
      }
      await expectOneMail(/: resolved: Certificate valid for 14 days or more$/, /Resolved:/);
    }, 180000);

    test('21 messages stuck in the queue: one mail; the queue emptied: one "resolved"', async () => {
      // A domain whose mail server never answers (a documentation address the lab drops): the messages stay queued.
      const sink = `stuck.${domain()}`;
      const cfg = lab.labConfig({ instance: n });
      await nsupdate(cfg, target.info.dns.tsig.keyFile, [`update add ${sink} 60 MX 10 mx.${sink}.`, `update add mx.${sink} 60 A 192.0.2.1`]);
      // Sent on the server through 465 as the watch's own sender; its password goes to curl on stdin.
      await remote.exec(
        sh`for i in $(seq 21); do printf 'Subject: stuck %s\r\n\r\nstuck\r\n' "$i" | curl -sS -K /dev/fd/3 --insecure --ssl-reqd --mail-from ${`watch@${domain()}`} --mail-rcpt ${`nobody@${sink}`} -T - smtps://127.0.0.1:465 3<<EOF || exit 1
user = "watch@${raw(domain())}:$(cat /etc/mailsetup/watch-sender.secret)"
EOF
done`,
      );
      try {
        await expectOneMail(/: problem: Mail queue holds at most 20 messages$/, /21 messages wait in the queue/);
      } finally {
        await remote.exec(sh`systemctl stop chasquid && find /var/lib/chasquid/queue -maxdepth 1 -type f -delete && systemctl start chasquid`);
        await nsupdate(cfg, target.info.dns.tsig.keyFile, [`update delete ${sink}`, `update delete mx.${sink}`]);
      }
      await expectOneMail(/: resolved: Mail queue holds at most 20 messages$/, /Resolved:/);
    }, 240000);

    test('disk and memory past their limits (the real df and /proc/meminfo, the limits lowered): one mail; back: one "resolved"', async () => {
      // The checker's defaults (90% full, 10% available) cannot be reached on the lab's machine; its settings file can lower them.
      await remote.exec(sh`printf 'disk_warn_percent=1\nmemory_warn_percent=100\n' >> /etc/mailsetup/watch.conf`);
      try {
        const mail = await expectOneMail(/: problem: Disk under 1% full \(and 1 more\)$/, /! Disk under 1% full\n {4}\d+% used where chasquid keeps its queue/);
        expect(mail).toMatch(/! At least 100% of memory available\n {4}\d+% available/);
      } finally {
        await remote.exec(sh`sed -i '/^disk_warn_percent=1$/d; /^memory_warn_percent=100$/d' /etc/mailsetup/watch.conf`);
      }
      await expectOneMail(/: resolved: Disk under 90% full \(and 1 more\)$/, /Resolved:\nok Disk under 90% full\nok At least 10% of memory available/);
    }, 180000);

    test('an alert that could not be sent is kept and goes out with the next', async () => {
      // chasquid masked: the watch's one restart fails, so its alert cannot leave.
      await remote.exec(sh`systemctl mask --runtime chasquid.service >/dev/null 2>&1 && systemctl stop chasquid`);
      let kept: { mails: string[]; run: string };
      try {
        kept = await runService(0);
      } finally {
        await remote.exec(sh`systemctl unmask --runtime chasquid.service >/dev/null 2>&1; systemctl reset-failed chasquid; systemctl start chasquid`);
      }
      expect(kept.run).toMatch(/fail .*: could not send, kept for the next run: problem: chasquid is running/);
      expect(kept.mails).toEqual([]);
      const mail = await expectOneMail(/: resolved: chasquid is running$/, /-- kept from a run whose alert could not be sent:\n.*\n\nNew problems:\n! chasquid is running\n {4}chasquid was not running \(systemd: \w+\) at .* and did not start after one restart/);
      expect(mail).toMatch(/Resolved:\nok chasquid is running/);
    }, 180000);

    test('mailsetup logs and watch status show the last runs', async () => {
      const logs = await cli('logs', '--lines', '1');
      expect(logs.exitCode).toBe(0);
      expect(logs.stdout).toMatch(/^watch {8}on, next run .+$/m);
      expect(logs.stdout).toMatch(/UTC ok \(\d+ ok, 0 warn, 0 fail\): sent: resolved: chasquid is running/);
      const status = await cli('watch', 'status');
      expect(status.exitCode).toBe(0);
      expect(status.stdout).toMatch(/UTC fail \(.*\): could not send, kept for the next run/);
    }, 120000);

    test('--weekly, turned on from the wizard\'s Change the server: one "all good" mail once a week has passed without a mail; then nothing', async () => {
      const { openChange } = await import('../../src/cli/wizard-change.js');
      const { resolveTarget } = await import('../../src/session/target.js');
      const { unattendedIo } = await import('../../src/session/session.js');
      process.env.MAILSETUP_LAB_OS = os;
      const given = await resolveTarget({ lab: true, yes: true, stateDir });
      const change = await openChange(given, stateDir, unattendedIo(given.answers, given.secrets), { mode: 'watch', settings: { at: '06:30', weekly: true } });
      expect(change.command).toBe('mailsetup watch on --at 06:30 --weekly');
      expect(change.plan.join('\n')).toMatch(/and weekly when all is good/);
      const lines: string[] = [];
      const done = await change.run((line) => lines.push(line.text));
      expect({ ok: done.ok, error: done.error, lines }).toMatchObject({ ok: true });
      expect(lines.join('\n')).toMatch(/first run: .*: nothing to send/);
      await remote.exec(sh`touch -d '8 days ago' /var/lib/mailsetup-watch/last-sent`);
      await expectOneMail(/: all good$/, /checked .* by mailsetup watch: all good, nothing changed\.\n\nNow: \d+ ok, 0 warn, 0 fail\./);
      await expectNoMail();
    }, 120000);

    test('a webhook gets the JSON result of a change, in the schema of --check --json', async () => {
      const posts: { path: string; type?: string; body: string }[] = [];
      const server: Server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          posts.push({ path: req.url ?? '', type: req.headers['content-type'], body });
          res.end('ok');
        });
      });
      const host = target.info.network.hostIpv4;
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      const port = (server.address() as { port: number }).port;
      try {
        const url = `http://${host}:${port}/hook?token=s3cret`;
        const on = await cli('watch', 'on', '--yes', '--webhook', url);
        expect({ exitCode: on.exitCode, stdout: on.stdout }).toMatchObject({ exitCode: 0 });
        expect(on.stdout).toMatch(/POST its JSON to/);
        // The URL (and its token) is in the root-only settings file, never on a command line.
        expect((await remote.exec(sh`stat -c %a /etc/mailsetup/watch.conf`)).stdout.trim()).toBe('600');
        const ip = target.vps.ipv4;
        await lab.listOnBlocklist(ip, { instance: n });
        try {
          const { mails } = await runService(0);
          expect(mails).toEqual([]);
        } finally {
          await lab.delistFromBlocklist(ip, { instance: n });
        }
        expect(posts).toHaveLength(1);
        expect(posts[0]).toMatchObject({ path: '/hook?token=s3cret', type: 'application/json' });
        const doc = JSON.parse(posts[0]!.body);
        expect(doc).toMatchObject({ version: 1, domain: domain(), hostname: hostname(), status: 'fail', summary: { fail: 1, warn: 0, skip: 0 } });
        expect(doc.results).toContainEqual(expect.objectContaining({ id: `blocklist.${target.info.blocklist.zone}.${ip}`, area: 'Blocklists', status: 'fail', details: 'listed (127.0.0.2)' }));
        await runService(0);
        expect(posts).toHaveLength(2);
        expect(JSON.parse(posts[1]!.body)).toMatchObject({ status: 'ok', summary: { fail: 0, warn: 0 } });
      } finally {
        server.close();
      }
    }, 180000);

    test('watch off leaves nothing behind', async () => {
      const r = await cli('watch', 'off', '--yes');
      expect({ exitCode: r.exitCode, stdout: r.stdout }).toMatchObject({ exitCode: 0 });
      expect(r.stdout).toMatch(/✓ Nothing of the watch is left on the server/);
      const left = await remote.exec(
        sh`ls -d /etc/mailsetup/watch* /var/lib/mailsetup-watch /etc/systemd/system/mailsetup-watch* 2>/dev/null; systemctl list-unit-files ${'mailsetup-watch*'} --no-legend; systemctl list-timers --all --no-legend | grep mailsetup-watch; grep -l 'key: "watch"' /etc/chasquid/domains/*/users* 2>/dev/null; true`,
      );
      expect(left.stdout.trim()).toBe('');
      expect((await remote.exec(sh`systemctl is-active chasquid`)).stdout.trim()).toBe('active');
      const again = await cli('watch', 'off', '--yes');
      expect(again.stdout).toMatch(/not installed on this server: nothing to remove/);
    }, 120000);
  });
}
