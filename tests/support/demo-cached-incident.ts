import { parseIncident } from '@/utils/domain/parse-incidents';
import type { CachedIncident } from '@/utils/sync/cached-incident';
import { cachedIncidentFrom } from '@/utils/sync/replace-cached-incident';
import { demoTenants } from '../fixtures/demo-tenants';

/** A Contoso demo incident as the cache holds it at `now`, with `changes` laid over Graph's object first. */
export function demoCachedIncident(id: string, now: Date, changes: Record<string, unknown> = {}): CachedIncident {
  const contoso = demoTenants(now).customers[0]!;
  const parsed = parseIncident({ ...contoso.incidents.find((incident) => incident['id'] === id), ...changes });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return cachedIncidentFrom(parsed.incident, 'xdr', now);
}
