// The shape of what the lab tells the rest of mailsetup (tests, the wizard's
// --lab mode, the checks). Written as lab.json (mode 0600) in the state dir;
// keep it stable: other code is written against it.

export type LabOs = 'debian12' | 'debian13';

/** How a VPS is made beyond the cached root: see flavours.ts. */
export type LabFlavour = 'netplan' | 'debian-cloud' | 'ubuntu-like' | 'sudo-user' | 'firewalld';

export interface LabSsh {
  host: string; // the VPS's IPv4 address
  port: number;
  user: string; // root, or the sudo user of the sudo-user flavour
  /** The sudo user's password (0600), when the login is not root. */
  sudoPasswordFile?: string;
  keyFile: string; // private key the lab generated (0600)
  knownHostsFile: string; // OpenSSH known_hosts line(s) for this VPS
  hostKeyFingerprint: string; // ed25519 key, "SHA256:..." as OpenSSH prints it
  hostKeys: { type: string; fingerprint: string }[]; // every host key the VPS has
}

export interface LabVps {
  os: LabOs;
  release: string; // bookworm | trixie
  flavour: LabFlavour; // what a provider's image looks like (flavours.ts)
  machine: string; // systemd-nspawn machine name
  ipv4: string;
  ipv6: string; // assigned, but switched off (sysctl + commented netplan) like a fresh VPS
  ipv4Gateway: string;
  ipv6Gateway: string;
  prefixLength: { ipv4: number; ipv6: number };
  interface: string; // name of the VPS's network interface (inside)
  rootfs: string; // the VPS's root directory on the host
  ptr: string; // the generic reverse name a fresh VPS has
  domain: string; // mail domain suggested for this VPS (its own zone)
  hostname: string; // suggested SMTP host name (smtp.<domain>)
  ssh: LabSsh;
}

export interface LabDns {
  server: string; // lab DNS address, port 53 (reachable from host and VPS)
  port: number;
  loopback: { host: string; port: number }; // the same server on loopback
  ipv6: string;
  tsig: {
    name: string;
    algorithm: 'hmac-sha256';
    secretFile: string; // the base64 secret alone (0600)
    keyFile: string; // BIND key statement, for nsupdate -k (0600)
  };
  zones: string[];
  reverseZones: { ipv4: string; ipv6: string };
}

export interface LabAcme {
  directory: string;
  caFile: string; // Pebble's root + intermediate: trusts the certificates it issues
  serverCaFile: string; // lab CA that signed Pebble's HTTPS listener (LEGO_CA_CERTIFICATES)
  managementUrl: string;
}

/** The lab's PowerDNS (src/lab/powerdns.ts): a DNS host with an HTTP API, as a provider would run it. */
export interface LabPowerDns {
  apiUrl: string; // http://ADDRESS:PORT, without /api/v1
  serverId: string;
  apiKeyFile: string; // the API key alone (0600)
  server: string; // its DNS address (named transfers the zones from it)
  /** The mail domain PowerDNS holds for each VPS, delegated from that VPS's zone. */
  zones: Record<LabOs, string>;
}

/** `lab up --dnssec` (src/lab/dnssec.ts): the signed zones and the resolver that validates them. */
export interface LabDnssec {
  parent: string; // the signed parent zone the lab serves (test), whose key is the trust anchor
  signedZones: string[]; // the mail domains signed, each with its DS in the parent
  resolver: { server: string; ipv6: string; port: number }; // validating (AD bit), for the checks and the VPS
  trustAnchorFile: string; // the parent's key as a BIND trust-anchors statement
}

export interface LabInbox {
  domain: string;
  address: string; // an address there; any local part is accepted
  mx: string;
  dir: string; // one .eml (raw message) + .json (envelope) per message
  smtp: { host: string; ipv6: string; port: number };
}

export interface LabInfo {
  version: 1;
  instance: number;
  stateDir: string;
  network: { bridge: string; ipv4Subnet: string; ipv6Subnet: string; hostIpv4: string; hostIpv6: string };
  vps: Partial<Record<LabOs, LabVps>>;
  domain: string; // the lab's mail domain (the first VPS's), e.g. example.test
  hostname: string; // suggested SMTP host name, e.g. smtp.example.test
  resolver: string; // what the VPS uses as its resolver
  dns: LabDns;
  /** Present when the lab signs its mail domains (`lab up --dnssec`). */
  dnssec?: LabDnssec;
  acme: LabAcme;
  inbox: LabInbox;
  powerdns: LabPowerDns;
  blocklist: { zone: string; listedValue: string };
}

export interface InboxMessage {
  file: string; // path of the raw message (.eml)
  raw: string; // the message as received, with the Received/Return-Path lines the inbox adds
  mailFrom: string;
  rcptTo: string[];
  remoteAddress: string;
  helo: string;
  tls: boolean;
  receivedAt: string;
}
