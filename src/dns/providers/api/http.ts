// The one HTTP client of the providers' record APIs (PowerDNS, Hetzner,
// DigitalOcean; Cloudflare goes through its own SDK). A rate limit (429) is
// waited out as the provider asks in Retry-After, a few times and never for
// long; every other failure becomes an ApiError that says what was refused.
// The credential travels in a header of this process only, and no message
// built here contains a header.
import { serverLine } from '../../../remote/server-text.js';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface ApiResponse {
  status: number;
  json: unknown;
}

export type ApiFailure = 'auth' | 'rate-limit' | 'not-found' | 'refused' | 'unreachable' | 'server';

export class ApiError extends Error {
  constructor(
    readonly failure: ApiFailure,
    readonly status: number | undefined,
    /** What the provider said, cleaned for a terminal. */
    readonly detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${status ? `HTTP ${status}` : 'no answer'}${detail ? `: ${detail}` : ''}`);
  }
}

export interface RetryPolicy {
  /** How many 429 answers are waited out before giving up. */
  rateLimitRetries: number;
  /** The longest single wait; a longer Retry-After stops at once with the time in the message. */
  maxWaitSeconds: number;
  timeoutMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  rateLimitRetries: 3,
  maxWaitSeconds: 30,
  timeoutMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Retry-After as seconds: a number, or an HTTP date. */
export function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function failureOf(status: number): ApiFailure {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'refused';
}

/** The provider's own words from an error body: `error`, `message`, `errors[].message`, or the text. */
function detailOf(text: string): string {
  let said = text;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const errors = Array.isArray(body.errors) ? body.errors.map((e) => (e as { message?: string }).message ?? '').filter(Boolean) : [];
    const error = body.error as unknown;
    said = [
      typeof error === 'string' ? error : typeof (error as { message?: unknown })?.message === 'string' ? (error as { message: string }).message : '',
      typeof body.message === 'string' ? body.message : '',
      ...errors,
    ].filter(Boolean).join('; ') || text;
  } catch {
    // not JSON: the text as it came
  }
  return serverLine(said.trim(), 300);
}

export async function apiRequest(req: ApiRequest, policy: RetryPolicy = DEFAULT_RETRY): Promise<ApiResponse> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(req.url, {
        method: req.method,
        headers: { Accept: 'application/json', ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...req.headers },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError('unreachable', undefined, serverLine(cause?.code ?? cause?.message ?? (e as Error).message, 200));
    }
    const text = await res.text();
    if (res.ok) return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
    const wait = retryAfterSeconds(res.headers.get('retry-after'));
    if (res.status === 429 && attempt < policy.rateLimitRetries && (wait ?? 1) <= policy.maxWaitSeconds) {
      await policy.sleep((wait ?? 1) * 1000);
      continue;
    }
    throw new ApiError(failureOf(res.status), res.status, detailOf(text), wait);
  }
}
