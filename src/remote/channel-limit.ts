// Channels open at once on one SSH connection. Steps and `--check`'s
// families run side by side over the one connection, each batch of commands
// (batcher.ts) or lone command on a channel of its own; OpenSSH's sshd refuses
// more than MaxSessions (10 by default) with "open failed", and under load sshd
// was seen refusing below the limit, so commands wait here for a slot, well
// under it, and a refused open is asked again (refusedOpenRetried).
export const MAX_CHANNELS = 6;

export class ChannelLimit {
  private open = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max = MAX_CHANNELS) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.open >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.open++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.open--;
    }
  }
}

const OPEN_REFUSED = /Channel open failure/i;
const OPEN_TRIES = 5;

/**
 * A channel open sshd refused ("open failed": it still counted sessions that
 * had just ended, seen under --check's side-by-side families on a loaded
 * machine) is asked again after a pause; nothing ran, so asking again is safe.
 */
export async function refusedOpenRetried<T>(open: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      if (attempt >= OPEN_TRIES || !OPEN_REFUSED.test(String((error as Error)?.message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
