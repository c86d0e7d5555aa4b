// debian-cloud: Debian as most hosts ship it, ifupdown with cloud-init's
// interfaces.d/50-cloud-init and the IPv6 stanza commented. The IPv6 step
// used to stop there with "add the IPv6 address ... to /etc/network/interfaces";
// now it enables the stanza under the rollback guard, keeps cloud-init from
// writing the file again, and the address comes back after a reboot.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { dropFlavourLab, flavourDescribe, freshFlavour, onFlavourVps, rebootFlavourVps, runUnattendedE2e, type FlavourLab } from './helpers.js';

const OS = process.env.MAILSETUP_FLAVOUR_OS === 'debian13' ? 'debian13' : 'debian12';
let lab: FlavourLab | undefined;

flavourDescribe(`debian-cloud flavour (${OS})`, () => {
  beforeAll(async () => {
    lab = await freshFlavour('debian-cloud', OS);
  }, 600_000);
  afterAll(() => dropFlavourLab(lab), 120_000);

  test('the VPS is as a host ships it: ifupdown, no netplan file, IPv6 off', async () => {
    const seen = await onFlavourVps(lab!, 'systemctl is-active networking; ls /etc/netplan | wc -l; grep -c "^#iface host0 inet6 static" /etc/network/interfaces.d/50-cloud-init; ip -6 -o addr show scope global | wc -l');
    expect(seen.stdout.trim().split('\n')).toEqual(['active', '0', '1', '0']);
  });

  test('unattended run, --check green, reboot, rerun with zero changes, --check green', async () => {
    await runUnattendedE2e(lab!, async () => {
      // The change is in the file, not only in the running kernel: after a
      // reboot ifupdown brings the address up by itself.
      const file = await onFlavourVps(lab!, 'grep -c "^iface host0 inet6 static" /etc/network/interfaces.d/50-cloud-init; ls /etc/network/interfaces.d; cat /etc/cloud/cloud.cfg.d/99-disable-network-config.cfg');
      expect(file.stdout).toMatch(/^1\n50-cloud-init\n/); // the backup is not where `source interfaces.d/*` reads it
      expect(file.stdout).toMatch(/^network: \{config: disabled\}$/m);
      await rebootFlavourVps(lab!);
      const up = await onFlavourVps(lab!, `systemctl is-active networking; ip -6 -o addr show dev host0 scope global; ip -6 route show default`);
      expect(up.stdout).toMatch(/^active\n/);
      expect(up.stdout).toContain(`inet6 ${lab!.vps.ipv6}/64`);
      expect(up.stdout).toContain(`default via ${lab!.vps.ipv6Gateway} dev host0`);
    });
  }, 900_000);
});
