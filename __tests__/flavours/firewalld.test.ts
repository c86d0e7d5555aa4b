// firewalld: a server whose firewall is firewalld with its default zone (SSH
// and the DHCPv6 client only), so 25, 465 and 587 are closed from outside.
// The firewall step opens exactly those with firewall-cmd (permanent, then a
// reload); --check names firewalld when one of them is closed again.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { dropFlavourLab, flavourDescribe, freshFlavour, mailsetup, onFlavourVps, runUnattendedE2e, type FlavourLab } from './helpers.js';

const OS = process.env.MAILSETUP_FLAVOUR_OS === 'debian13' ? 'debian13' : 'debian12';
let lab: FlavourLab | undefined;

const openPorts = async () =>
  (await onFlavourVps(lab!, 'echo "running: $(firewall-cmd --list-ports)"; echo "permanent: $(firewall-cmd --permanent --list-ports)"')).stdout.split('\n').slice(0, 2);

flavourDescribe(`firewalld flavour (${OS})`, () => {
  beforeAll(async () => {
    lab = await freshFlavour('firewalld', OS);
  }, 600_000);
  afterAll(() => dropFlavourLab(lab), 120_000);

  test('firewalld runs with no mail port open', async () => {
    expect((await onFlavourVps(lab!, 'systemctl is-active firewalld; firewall-cmd --list-services')).stdout.trim().split('\n'))
      .toEqual(['active', 'dhcpv6-client ssh']);
    expect(await openPorts()).toEqual(['running: ', 'permanent: ']);
  });

  test('unattended run opens exactly 25, 465, 587 (running and permanent), --check names firewalld, a run reopens, rerun with zero changes', async () => {
    await runUnattendedE2e(lab!, async () => {
      expect(await openPorts()).toEqual(['running: 25/tcp 465/tcp 587/tcp', 'permanent: 25/tcp 465/tcp 587/tcp']);
      await onFlavourVps(lab!, 'firewall-cmd -q --permanent --remove-port=465/tcp && firewall-cmd -q --reload');
      const check = await mailsetup(lab!, ['--check']);
      expect(check.code).toBe(1);
      expect(check.out).toMatch(/Port 465 \(submission over TLS\) on 10\.77\.\d+\.\d+ reachable from here: closed by the server's firewall: firewalld does not let 465 in/);
      expect(check.out).toContain('or on the server: firewall-cmd --permanent --add-port=465/tcp && firewall-cmd --reload');
      const reopen = await mailsetup(lab!, ['--yes']);
      expect(reopen.code).toBe(0);
      expect(reopen.out).toMatch(/✔ firewalld closes 465: opening exactly those \(IPv4 and IPv6\): opened 465/);
    });
  }, 900_000);
});
