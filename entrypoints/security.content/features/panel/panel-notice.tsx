import { useState } from 'preact/hooks';
import type { QuickActionOutcome } from '@/utils/messages/portal-answers';
import { onlyTrusted } from '@/utils/portal/trusted-input';
import { askBackground } from '../../../../utils/channels/portal-channel';
import { errorMessage } from '@/utils/portal/error-message';

export type NoticeKind = QuickActionOutcome | 'error' | 'info';
export interface Notice {
  kind: NoticeKind;
  text: string;
}

/** Puts one line in the panel's notice (or clears it with null): every concern of the panel reports there. */
export type ShowNotice = (notice: Notice | null) => void;

/**
 * The panel's notice line. Good news and plain information go to a polite status region that is always
 * in the page (so screen readers hear it change); conflicts, refusals and errors get their own alert.
 */
export function PanelNotice({ notice }: { notice: Notice | null }) {
  return (
    <>
      <p class="handoff-notice" role="status">
        {notice && (notice.kind === 'done' || notice.kind === 'info') ? notice.text : ''}
      </p>
      {notice && notice.kind !== 'done' && notice.kind !== 'info' && (
        <p class={`handoff-notice handoff-notice--${notice.kind}`} role="alert">
          {notice.text}
        </p>
      )}
    </>
  );
}

/** While a destructive write waits for the confirm window the worker opened. */
export const confirmInWindowText = 'Confirm in the Handoff window that opened: nothing is written before.';

/**
 * "Add this tenant to Handoff", on an incident of a tenant Handoff does not know (the page's `tid`): the
 * worker checks the GUID and opens the options page with the add-tenant form filled in
 * (`options.html#add-tenant=<guid>`); a content script cannot open the options page with data itself.
 * Only the analyst's own click counts (onlyTrusted); the worker accepts only the tab's own tenant.
 */
export function AddTenantButton({ tenantId }: { tenantId: string }) {
  const [result, setResult] = useState<string | null>(null);
  const open = onlyTrusted(() => {
    askBackground<'openAddTenant'>({ type: 'openAddTenant', tenantId })
      .then(() => setResult('Handoff’s options opened in a new tab: name the tenant and add it.'))
      .catch((error: unknown) => setResult(`Could not open Handoff’s options: ${errorMessage(error)}`));
  });
  return (
    <>
      <button type="button" class="handoff-button handoff-button--primary" data-handoff-add-tenant={tenantId} onClick={open}>
        Add this tenant to Handoff
      </button>
      <p class="handoff-notice" role="status">
        {result ?? ''}
      </p>
    </>
  );
}
