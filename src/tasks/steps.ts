// The steps of the guide (docs/guide-steps.md). The wizard, resume, --dry-run
// and --check all walk this list; a new step is one file plus one line here.
// Each step names the earlier steps it `needs` (a step that names none waits
// for every step before it), and the runner starts each as soon as those
// are through, so independent work runs side by side over one connection:
// - the ACME client goes through apt first, then the certificate is issued
//   (DNS-01) while apt installs chasquid, and IPv6's address passes the
//   kernel's duplicate address check meanwhile;
// - the certificate is placed for chasquid once chasquid's package has made
//   its group; DKIM, senders and receiving follow chasquid's install;
// - chasquid refuses to run without a certificate, and reads its keys,
//   senders and aliases when it starts: those steps leave their restart to
//   the restart step, which starts chasquid once for all of them;
// - the DNS records need the DKIM key and the addresses, nothing else (the
//   MTA-STS policy is served by its own step once the certificate is placed;
//   a sender that finds the record first and no policy yet delivers as
//   without MTA-STS); the TLSA record (DANE) is the certificate's key, so
//   its own step publishes it once both the certificate and the records are in;
// - the spam filter comes before the catch-all (receiving), so no message
//   is forwarded unjudged while the run goes on;
// - the test mail needs chasquid restarted and the records published; the
//   backup copies the configuration once the test mail's alias is gone.
import { acmeClientStep } from './acme-install.js';
import { backupStep } from './backup.js';
import { certificateInstallStep, certificateStep } from './certificate.js';
import { chasquidStep } from './chasquid.js';
import { daneStep } from './dane.js';
import { dkimStep } from './dkim.js';
import { dnsStep } from './dns.js';
import { firewallStep } from './firewall.js';
import { ipv6Step, ipv6UpStep } from './ipv6.js';
import { mtaStsStep } from './mta-sts.js';
import { preflightStep } from './preflight.js';
import { receivingStep } from './receiving.js';
import { restartStep } from './restart.js';
import { sendersStep } from './senders.js';
import { spamFilterStep } from './spam-filter.js';
import { testmailStep } from './testmail.js';
import type { Step } from './types.js';

export const steps: Step[] = [
  preflightStep,
  firewallStep,
  ipv6Step,
  acmeClientStep,
  certificateStep,
  chasquidStep,
  ipv6UpStep,
  certificateInstallStep,
  dkimStep,
  sendersStep,
  spamFilterStep,
  receivingStep,
  restartStep,
  mtaStsStep,
  dnsStep,
  daneStep,
  testmailStep,
  backupStep,
];
