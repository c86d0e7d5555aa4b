// The ordered list of guide steps. The wizard, resume, --dry-run and --check
// all read this list; a new step is one file plus one line here.
import type { Step } from './types.js';

export const steps: Step[] = [];
