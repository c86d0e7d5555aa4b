// The ordered list of steps (the guide's, docs/guide-steps.md). The wizard, resume, --dry-run and
// --check all walk this list; a new step is one file plus one line here.
// chasquid comes before the certificate because the key must be readable by
// the group the package creates; chasquid refuses to run without a
// certificate, so the certificate step is the one that starts it. The DKIM,
// senders and receiving steps leave their restart to the restart step, so
// chasquid restarts once for all of them. IPv6 is two steps around chasquid:
// the address is configured first and the kernel's duplicate address
// detection (1-2 s) runs while apt installs chasquid; ipv6-up then waits for
// the usable address. The spam filter comes before the catch-all, so no
// message is forwarded unjudged while the run goes on.
import { backupStep } from './backup.js';
import { certificateStep } from './certificate.js';
import { chasquidStep } from './chasquid.js';
import { dkimStep } from './dkim.js';
import { dnsStep } from './dns.js';
import { firewallStep } from './firewall.js';
import { ipv6Step, ipv6UpStep } from './ipv6.js';
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
  chasquidStep,
  ipv6UpStep,
  certificateStep,
  dkimStep,
  sendersStep,
  spamFilterStep,
  receivingStep,
  restartStep,
  dnsStep,
  backupStep,
  testmailStep,
];
