import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TokenBroker } from '@/utils/auth/token-broker';
import { createMessageHandlers } from '@/utils/background/message-handlers';
import type { SyncRunner } from '@/utils/background/sync-runner';
import type { WriteConfirmations } from '@/utils/background/write-confirmations';
import { addLocalReview, readLocalReviews } from '@/utils/storage/ui-state-storage';

/** A portal tab asks for the panel's collapse: it never learns the local review marks kept beside it. */
describe('getUiState and setUiState answers', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answer the collapse alone, and a change keeps the review marks', async () => {
    const handle = createMessageHandlers({
      broker: {} as TokenBroker,
      sync: { refreshBadge: vi.fn() } as unknown as SyncRunner,
      confirmations: {} as WriteConfirmations,
    });
    await addLocalReview('contoso-guid', '1006');
    await expect(handle({ type: 'getUiState' })).resolves.toStrictEqual({ ok: true, panelCollapsed: false });
    await expect(handle({ type: 'setUiState', panelCollapsed: true })).resolves.toStrictEqual({ ok: true, panelCollapsed: true });
    expect(await fakeBrowser.storage.local.get('uiState')).toEqual({ uiState: { panelCollapsed: true } });
    expect([...(await readLocalReviews())]).toEqual(['contoso-guid|1006']);
  });
});
