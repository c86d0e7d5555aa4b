// mailauth ships no types; this is the part of `authenticate` the proof reads.
declare module 'mailauth' {
  interface Verdict {
    status?: { result?: string };
  }
  interface DkimVerdict extends Verdict {
    signingDomain?: string;
    selector?: string;
  }
  export interface AuthResult {
    dkim?: { results?: DkimVerdict[] };
    spf?: Verdict | false;
    dmarc?: Verdict | false;
  }
  export function authenticate(
    message: Buffer | string,
    options: {
      ip?: string;
      helo?: string;
      mta?: string;
      sender?: string;
      resolver?: (name: string, rr: string) => Promise<unknown>;
    },
  ): Promise<AuthResult>;
}
