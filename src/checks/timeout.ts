// Every probe runs under a deadline: one dead DNS server or a filtered port
// must never hold up the whole report.

export class ProbeTimeoutError extends Error {
  constructor(readonly what: string, readonly ms: number) {
    super(`${what}: no answer within ${Math.round(ms / 100) / 10} s`);
    this.name = 'ProbeTimeoutError';
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeoutError(what, ms)), ms);
    timer.unref?.();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
