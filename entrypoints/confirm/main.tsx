import '@/assets/design-tokens.css';
import '@/assets/extension-page.css';
import { render } from 'preact';
import { WriteConfirmation } from '@/components/WriteConfirmation';
import { askBackground } from '@/utils/channels/extension-page-channel';
import { answerPendingWriteResponseSchema, pendingWriteResponseSchema } from '@/utils/messages/background-requests';

/**
 * Handoff's confirm window for a destructive write (SECURITY.md, threat 3): opened by the worker, on the
 * extension's origin, out of the portal page's reach. It knows only the one-time token in its URL; what
 * it shows and what a yes approves are the worker's.
 */
const token = new URLSearchParams(location.search).get('token') ?? '';

render(
  <WriteConfirmation
    load={async () => (await askBackground({ type: 'getPendingWrite', token }, pendingWriteResponseSchema)).pending}
    answer={async (approved) => {
      await askBackground({ type: 'answerPendingWrite', token, approved }, answerPendingWriteResponseSchema);
      // The worker closes this window; closing it here too covers a worker that already forgot it.
      window.close();
    }}
    close={() => window.close()}
    now={() => Date.now()}
  />,
  document.getElementById('app')!,
);
