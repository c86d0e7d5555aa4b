// Finding the zone that holds a domain at a provider: the domain itself,
// then each parent up to (not including) the top-level label. A provider
// says "not this one" as it does (404, an empty list); `lookup` returns
// undefined then, and the first zone found wins.
import { fqdn } from '../types.js';
import { ApiError } from './api/http.js';

export async function walkZones<Zone>(domain: string, lookup: (name: string) => Promise<Zone | undefined>, none: string): Promise<Zone> {
  const labels = fqdn(domain).split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const name = labels.slice(i).join('.');
    try {
      const zone = await lookup(name);
      if (zone !== undefined) return zone;
    } catch (e) {
      if (!(e instanceof ApiError && e.failure === 'not-found')) throw e;
    }
  }
  throw new ApiError('not-found', 404, `${none} ${fqdn(domain)}`);
}
