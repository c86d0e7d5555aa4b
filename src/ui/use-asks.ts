// The questions the remote work asks while a screen is up (a new host key,
// a passphrase, the DNS records before publishing): each one becomes the
// `ask` the screen shows, and its answer resolves the waiting promise.
import { useState } from 'react';
import type { WizardIo } from './controller.js';
import type { AskRequest } from './screens/Ask.js';

export function useAsks(): { ask: AskRequest | null; io: Required<WizardIo> } {
  const [ask, setAsk] = useState<AskRequest | null>(null);
  const io: Required<WizardIo> = {
    confirmHostKey: (fingerprint, host) =>
      new Promise<boolean>((resolve) => setAsk({ kind: 'hostkey', host, fingerprint, resolve: (ok) => (setAsk(null), resolve(ok)) })),
    askSecret: (prompt) => new Promise<string>((resolve) => setAsk({ kind: 'secret', prompt, resolve: (v) => (setAsk(null), resolve(v)) })),
    reviewRecords: (review) => new Promise<void>((resolve) => setAsk({ kind: 'records', review, resolve: () => (setAsk(null), resolve()) })),
  };
  return { ask, io };
}
