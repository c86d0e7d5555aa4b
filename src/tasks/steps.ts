// The ordered list of guide steps. The wizard, resume, --dry-run and
// --check all walk this list; a new step is one file plus one line here.
// chasquid comes before the certificate: the key must be readable by the
// chasquid group, which the package creates; chasquid runs without a
// certificate until the certificate step restarts it with one.
import { certificateStep } from './certificate.js';
import { chasquidStep } from './chasquid.js';
import { preflightStep } from './preflight.js';
import { sendersStep } from './senders.js';
import type { Step } from './types.js';

export const steps: Step[] = [preflightStep, chasquidStep, certificateStep, sendersStep];

export const stepById = (id: string): Step | undefined => steps.find((s) => s.id === id);
