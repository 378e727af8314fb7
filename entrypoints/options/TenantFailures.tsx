import { useState } from 'preact/hooks';
import { z } from 'zod';
import { FailureAdviceView } from '@/components/FailureAdviceView';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { tenantKey, type Settings } from '@/utils/domain/settings';
import { signedInAccountSchema } from '@/utils/domain/signed-in-account';
import { tenantFailureAdvice, type FailureAdvice } from '@/utils/sync/failure-advice';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';
import { adviceContext } from './error-message';
import { errorMessage } from '@/utils/portal/error-message';

const okSchema = z.object({ ok: z.literal(true) });
const signInResponseSchema = z.object({ ok: z.literal(true), account: signedInAccountSchema });

/** Advice shown open; at hundreds of tenants the rest fold, so the tenant table stays near the top. */
const shownFirst = 3;

interface FailureListProps {
  items: ReadonlyArray<{ key: string; displayName: string; advice: FailureAdvice }>;
  busy: boolean;
  onRetry: () => void;
  onSignIn: () => void;
}

function FailureList({ items, busy, onRetry, onSignIn }: FailureListProps) {
  return (
    <ul class="tenant-failures__list">
      {items.map(({ key, displayName, advice }) => (
        <li key={key} data-tenant-key={key} aria-label={`Needs attention: ${displayName}`}>
          {/* Every tenant sentence names the tenant: no heading before it. */}
          <FailureAdviceView advice={advice} busy={busy} onRetry={onRetry} onSignIn={onSignIn} />
        </li>
      ))}
    </ul>
  );
}

/**
 * "Needs attention": each tenant whose last sync failed, in plain words with its next step (copy the
 * admin-consent link, sign in again, retry) and the raw error under Details; the first three open, the rest
 * folded. Nothing when all are fine.
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
      <FailureList items={failing.slice(0, shownFirst)} busy={busy} onRetry={retry} onSignIn={signIn} />
      {failing.length > shownFirst && (
        <details class="tenant-failures__more">
          <summary>
            {failing.length - shownFirst} more (the table below filters them too: Needs consent, Needs sign-in, Sync failing)
          </summary>
          <FailureList items={failing.slice(shownFirst)} busy={busy} onRetry={retry} onSignIn={signIn} />
        </details>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
