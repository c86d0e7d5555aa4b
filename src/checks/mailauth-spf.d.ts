// mailauth ships no types; this is the part of its SPF evaluator mailsetup uses.
declare module 'mailauth/lib/spf/index.js' {
  export type SpfResolver = (name: string, type: string) => Promise<unknown[]>;
  export interface SpfOptions {
    sender: string;
    ip: string;
    helo?: string;
    mta?: string;
    resolver?: SpfResolver;
    maxResolveCount?: number;
  }
  export interface SpfResponse {
    domain: string;
    'client-ip': string;
    status: { result: 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror'; comment?: string };
    rr?: string;
    lookups?: { limit: number; count: number; void: number };
  }
  export function spf(opts: SpfOptions): Promise<SpfResponse>;
  const mod: { spf: typeof spf };
  export default mod;
}
