// What mailsetup knows of one DNS provider: the credentials a person creates
// in its panel, and how each certificate client (lego, acme.sh) takes them.
// Pure data: the answers file, the wizard and the certificate step all read
// it, so it imports nothing of mailsetup.

export type CertClient = 'lego' | 'acme.sh';

export interface CredentialField {
  /** The environment variable each client reads it from; a client without one does not use this field. */
  env: Partial<Record<CertClient, string>>;
  /** What the person calls it: "API token". */
  label: string;
  /** A secret is masked when typed and shown as ••••; anything else is shown as typed. */
  secret: boolean;
  /** Absent from the run when left empty (shown as "(none)"). */
  optional?: boolean;
  /** What to create, in the provider's words: "a custom API token". */
  create: string;
  /** Where to create it. */
  panelUrl: string;
  /** The least permission that suffices. */
  permission: string;
  /**
   * For a provider whose API mailsetup publishes records through: the name
   * its record client reads this field by (`token`, `url`, ...). The same
   * value serves the certificate client and the records: typed once.
   */
  records?: string;
}

export interface ClientPlugin {
  /** lego's provider code (`--dns CODE`) or acme.sh's dnsapi name (`--dns dns_x`). */
  code: string;
  docs: string;
  /** acme.sh: the sha256 of dnsapi/<code>.sh in the pinned release (src/tasks/acme-sh-release.ts); checked on the server before it runs. */
  sha256?: string;
  /** Debian packages the plugin runs (dns_nsupdate runs nsupdate). */
  packages?: string[];
  /**
   * When this client's plugin puts a credential on a command line on the
   * server (visible in `ps` to every local user while it runs): what and why.
   */
  exposesCredential?: string;
}

export interface ProviderEntry {
  /** mailsetup's own name for the provider. */
  id: string;
  title: string;
  credentials: CredentialField[];
  clients: Partial<Record<CertClient, ClientPlugin>>;
  /**
   * mailsetup publishes the DNS records through this provider's API (its
   * client: src/dns/providers/apis.ts); the docs of the API used.
   */
  records?: { docs: string };
}
