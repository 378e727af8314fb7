import type { TenantSummaries } from './tenant-summaries';

/**
 * The options page's "Get started" checklist as data: each step ticks itself off from real state (the
 * saved application id, the signed-in account, the configured tenants, their sync states), so it never
 * needs to be told a step is done. Pure.
 */

export type ChecklistStepId = 'register' | 'signIn' | 'tenants' | 'ready' | 'badge';

export interface ChecklistStep {
  id: ChecklistStepId;
  title: string;
  done: boolean;
  /** What to do (or what was done), one sentence. */
  detail: string;
}

export interface FirstRunChecklist {
  steps: ChecklistStep[];
  doneCount: number;
  allDone: boolean;
}

export interface ChecklistInput {
  clientId: string | null;
  signedIn: boolean;
  /** The configured tenants' keys. */
  tenantKeys: readonly string[];
  summaries: TenantSummaries;
}

/**
 * The delegated Microsoft Graph permissions to add to the app registration: reading incidents and staying
 * signed in; writing only with quick actions; the GDAP import's two only when it is used (README, "Using it
 * for real").
 */
export function permissionsToAdd(options: { quickActions: boolean; gdapImport: boolean }): string[] {
  return [
    'SecurityIncident.Read.All',
    'offline_access',
    'openid',
    'profile',
    ...(options.quickActions ? ['SecurityIncident.ReadWrite.All'] : []),
    ...(options.gdapImport ? ['DelegatedAdminRelationship.Read.All', 'User.Read'] : []),
  ];
}

export function firstRunChecklist(input: ChecklistInput): FirstRunChecklist {
  const total = input.tenantKeys.length;
  const entries = input.tenantKeys.map((key) => input.summaries[key]);
  const ready = entries.filter((entry) => entry?.status.state === 'ok').length;
  const everSynced = entries.filter((entry) => !!entry?.lastSuccessAt).length;
  const steps: ChecklistStep[] = [
    {
      id: 'register',
      title: 'Register the app in Entra and enter its application id',
      done: input.clientId !== null,
      detail:
        input.clientId !== null
          ? 'Application id saved.'
          : 'App registrations → New registration (any organizational directory); add the redirect URI and the permissions below.',
    },
    {
      id: 'signIn',
      title: 'Sign in',
      done: input.signedIn,
      detail: input.signedIn ? 'Signed in.' : 'Account: Sign in with your work account in the partner tenant.',
    },
    {
      id: 'tenants',
      title: 'Add your customers’ tenants',
      done: total > 0,
      detail: total > 0 ? `${total} ${total === 1 ? 'tenant' : 'tenants'} configured.` : 'Tenants: Import from GDAP, or add a tenant by hand.',
    },
    {
      id: 'ready',
      title: `${ready} of ${total} ${total === 1 ? 'tenant' : 'tenants'} ready`,
      done: total > 0 && ready === total,
      detail:
        total === 0
          ? 'Tenants appear here once added.'
          : ready === total
            ? 'Every tenant synced.'
            : 'The others need sign-in, consent or a role: see "Needs attention" under Tenants.',
    },
    {
      id: 'badge',
      title: 'Badge live',
      done: input.signedIn && everSynced > 0,
      detail:
        input.signedIn && everSynced > 0
          ? 'The toolbar badge counts the incidents awaiting you.'
          : 'The toolbar badge starts counting after the first tenant syncs.',
    },
  ];
  const doneCount = steps.filter((step) => step.done).length;
  return { steps, doneCount, allDone: doneCount === steps.length };
}
