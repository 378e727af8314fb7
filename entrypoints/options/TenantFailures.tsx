import { useState } from 'preact/hooks';
import { z } from 'zod';
import { FailureAdviceView } from '@/components/FailureAdviceView';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { tenantKey, type Settings } from '@/utils/domain/settings';
import { signedInAccountSchema } from '@/utils/domain/signed-in-account';
import { tenantFailureAdvice } from '@/utils/sync/failure-advice';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';
import { adviceContext, errorMessage } from './error-message';

const okSchema = z.object({ ok: z.literal(true) });
const signInResponseSchema = z.object({ ok: z.literal(true), account: signedInAccountSchema });

/**
 * "Needs attention": each tenant whose last sync failed, in plain words with its next step (copy the
 * admin-consent link, sign in again, retry) and the raw error under Details. Nothing when all are fine.
 */
export function TenantFailures({ settings, summaries }: { settings: Settings; summaries: TenantSummaries }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const context = adviceContext(settings);
  const failing = settings.tenants.flatMap((tenant) => {
    const entry = summaries[tenantKey(tenant)];
    if (!entry) return [];
    const tenantId = entry.resolvedTenantId ?? tenant.resolvedTenantId ?? tenant.tenantId;
    const advice = tenantFailureAdvice({ displayName: tenant.displayName, tenantId }, entry.status, context);
    return advice ? [{ key: tenantKey(tenant), displayName: tenant.displayName, advice }] : [];
  });
  if (failing.length === 0) return null;

  const run = async (request: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await request();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  const retry = () => void run(() => askBackground({ type: 'refreshNow' }, okSchema));
  const signIn = () => void run(() => askBackground({ type: 'signIn' }, signInResponseSchema));

  return (
    <section class="tenant-failures" aria-labelledby="tenant-failures-heading">
      <h3 id="tenant-failures-heading">Needs attention ({failing.length})</h3>
      <ul class="tenant-failures__list">
        {failing.map(({ key, displayName, advice }) => (
          <li key={key} data-tenant-key={key} aria-label={`Needs attention: ${displayName}`}>
            {/* Every tenant sentence names the tenant: no heading before it. */}
            <FailureAdviceView advice={advice} busy={busy} onRetry={retry} onSignIn={signIn} />
          </li>
        ))}
      </ul>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
