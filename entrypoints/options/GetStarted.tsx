import type { ComponentChildren } from 'preact';
import { CopyButton } from '@/components/CopyButton';
import type { ManagedState } from '@/utils/domain/managed-policy';
import { tenantKey, type Settings } from '@/utils/domain/settings';
import type { SignedInAccount } from '@/utils/domain/signed-in-account';
import { firstRunChecklist, permissionsToAdd, type ChecklistStep } from '@/utils/sync/first-run-checklist';
import type { TenantSummaries } from '@/utils/sync/tenant-summaries';
import { identityRedirectUri } from './error-message';

interface GetStartedProps {
  settings: Settings;
  managed: ManagedState;
  account: SignedInAccount | null;
  summaries: TenantSummaries;
}

function StepView({ step, children }: { step: ChecklistStep; children?: ComponentChildren }) {
  return (
    <li class={step.done ? 'get-started__step get-started__step--done' : 'get-started__step'} data-step={step.id} data-done={String(step.done)}>
      <span class="get-started__mark" aria-hidden="true">
        {step.done ? '✓' : '○'}
      </span>
      <div>
        <p class="get-started__title">
          {step.title}
          <span class="visually-hidden">{step.done ? ' (done)' : ' (to do)'}</span>
        </p>
        <p class="help">{step.detail}</p>
        {children}
      </div>
    </li>
  );
}

/** Registered: the redirect URI and permissions stay at hand (another browser, a second registration), folded. */
function RegisterFacts({ open, children }: { open: boolean; children: ComponentChildren }) {
  return open ? (
    <>{children}</>
  ) : (
    <details>
      <summary>Redirect URI and permissions</summary>
      {children}
    </details>
  );
}

/**
 * The first-run checklist at the top of the options page: register the app (the redirect URI and the
 * permissions to add, with Copy buttons), sign in, add tenants, n of m tenants ready, badge live. Each
 * step ticks itself off from the stored state; once all are done it folds into one line.
 */
export function GetStarted({ settings, managed, account, summaries }: GetStartedProps) {
  const checklist = firstRunChecklist({
    clientId: settings.clientId,
    signedIn: account !== null,
    tenantKeys: settings.tenants.map(tenantKey),
    summaries,
  });
  const redirectUri = identityRedirectUri();
  const permissions = permissionsToAdd({
    quickActions: settings.quickActionsEnabled,
    gdapImport: managed.userTenantsAllowed && managed.gdapImportAllowed,
  });
  const steps = (
    <ol class="get-started__steps">
      {checklist.steps.map((step) => (
        <StepView key={step.id} step={step}>
          {step.id === 'register' && (
            <RegisterFacts open={!step.done}>
              <dl class="get-started__facts">
                <dt>Redirect URI (platform: Single-page application)</dt>
                <dd>
                  <code>{redirectUri ?? 'not available in this browser'}</code>{' '}
                  {redirectUri && <CopyButton label="Copy redirect URI" text={redirectUri} what="redirect URI" />}
                </dd>
                <dt>Delegated Microsoft Graph permissions</dt>
                <dd>
                  <code>{permissions.join(', ')}</code>{' '}
                  <CopyButton label="Copy permissions" text={permissions.join('\n')} what="permissions" />
                </dd>
                <dt>Only to hunt across tenants (Hunt page)</dt>
                <dd>
                  <code>ThreatHunting.Read.All</code>: asked per tenant the first time you hunt there, never at sign-in
                </dd>
              </dl>
            </RegisterFacts>
          )}
        </StepView>
      ))}
    </ol>
  );
  const summary = `Get started: ${checklist.doneCount} of ${checklist.steps.length} steps done`;
  return (
    <section class="get-started" aria-labelledby="get-started-heading" data-all-done={String(checklist.allDone)}>
      {checklist.allDone ? (
        <details>
          <summary id="get-started-heading">{summary}</summary>
          {steps}
        </details>
      ) : (
        <>
          <h3 id="get-started-heading">Get started</h3>
          <p class="muted">{summary}.</p>
          {steps}
        </>
      )}
    </section>
  );
}
