// What `lab up` prints: everything a wizard run against the lab needs.
import type { LabInfo } from './types.js';

export function labSummary(info: LabInfo, tsigSecret?: string): string {
  const lines: string[] = ['mailsetup lab is up', ''];
  for (const vps of Object.values(info.vps)) {
    if (!vps) continue;
    lines.push(
      `VPS ${vps.os} (${vps.release}, machine ${vps.machine}, flavour ${vps.flavour})`,
      `  ssh:        ssh -i ${vps.ssh.keyFile} -o UserKnownHostsFile=${vps.ssh.knownHostsFile} -p ${vps.ssh.port} ${vps.ssh.user}@${vps.ssh.host}`,
      ...(vps.ssh.sudoPasswordFile ? [`  sudo:       password in ${vps.ssh.sudoPasswordFile}`] : []),
      `  host key:   ${vps.ssh.hostKeyFingerprint} (ED25519)`,
      `  addresses:  ${vps.ipv4}, ${vps.ipv6} (IPv6 assigned but switched off, as on a fresh VPS)`,
      `  rDNS now:   ${vps.ptr}`,
      `  domain:     ${vps.domain} (suggested SMTP host name ${vps.hostname})`,
      '',
    );
  }
  lines.push(
    `resolver:     ${info.resolver} (the VPS's), or 127.0.0.1 port ${info.dns.loopback.port} from this machine`,
    `DNS updates:  RFC 2136 to ${info.dns.server}:${info.dns.port}, TSIG key ${info.dns.tsig.name} (${info.dns.tsig.algorithm}), secret in ${info.dns.tsig.secretFile}` +
      (tsigSecret ? `\n              secret: ${tsigSecret}` : ''),
    `zones:        ${info.dns.zones.join(', ')}`,
    ...(info.dnssec ? [
      `DNSSEC:       ${info.dnssec.signedZones.join(', ')} signed, DS in the signed ${info.dnssec.parent}.; validating resolver ${info.dnssec.resolver.server} (and ${info.dnssec.resolver.ipv6}) port ${info.dnssec.resolver.port}`,
      `              trust anchor (${info.dnssec.parent}.'s key) in ${info.dnssec.trustAnchorFile}`,
    ] : []),
    `ACME:         ${info.acme.directory} (endpoint CA ${info.acme.serverCaFile})`,
    `issued certs: chain to ${info.acme.caFile}`,
    `inbox:        ${info.inbox.address} (any address @${info.inbox.domain}), MX ${info.inbox.mx} ${info.inbox.smtp.host}:${info.inbox.smtp.port}`,
    `              messages land in ${info.inbox.dir}`,
    `PowerDNS:     API ${info.powerdns.apiUrl} (server ${info.powerdns.serverId}), key in ${info.powerdns.apiKeyFile}; mail domains ${Object.values(info.powerdns.zones).join(', ')}`,
    `blocklist:    ${info.blocklist.zone}`,
    `details:      ${info.stateDir}/lab.json`,
  );
  return lines.join('\n');
}
