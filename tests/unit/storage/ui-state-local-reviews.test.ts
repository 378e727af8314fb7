import '@/tests/support/fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  addLocalReview,
  forgetLocalReviews,
  localReviewKey,
  localReviewsKept,
  readLocalReviews,
  readUiState,
  uiStateItem,
  updateUiState,
} from '@/utils/storage/ui-state-storage';

describe('reviews marked on this browser only (IndexedDB, never storage.local)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps tenantKey|incidentId once each, newest last, and nothing of them in storage.local', async () => {
    expect(localReviewKey('contoso-guid', '1006')).toBe('contoso-guid|1006');
    expect([...(await readLocalReviews())]).toEqual([]);
    await addLocalReview('contoso-guid', '1006');
    await addLocalReview('contoso-guid', '1012');
    await addLocalReview('contoso-guid', '1006');
    expect([...(await readLocalReviews())]).toEqual(['contoso-guid|1012', 'contoso-guid|1006']);
    await updateUiState({ panelCollapsed: true });
    // Firefox content scripts can read storage.local: only the panel's collapse is there.
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ uiState: { panelCollapsed: true } });
  });

  it('is bounded: the oldest marks go first', async () => {
    for (let index = 0; index < localReviewsKept; index += 1) await addLocalReview('t', String(index));
    await addLocalReview('t', 'new');
    const kept = [...(await readLocalReviews())];
    expect(kept).toHaveLength(localReviewsKept);
    expect(kept[0]).toBe('t|1');
    expect(kept.at(-1)).toBe('t|new');
  }, 60_000);

  it('forgets a removed tenant\'s marks (a key that is a prefix of another kept), or every mark at sign-out', async () => {
    await addLocalReview('contoso', '1');
    await addLocalReview('contoso.example', '2');
    await addLocalReview('fabrikam', '3');
    await forgetLocalReviews(new Set(['contoso']));
    expect([...(await readLocalReviews())]).toEqual(['contoso.example|2', 'fabrikam|3']);
    await forgetLocalReviews();
    expect([...(await readLocalReviews())]).toEqual([]);
  });

  it('a page cannot write marks through the patch; an old stored field is dropped', async () => {
    await uiStateItem.setValue({ panelCollapsed: true, reviewed: ['t|1'] });
    expect(await readUiState()).toEqual({ panelCollapsed: true });
    await expect(updateUiState({ reviewed: ['t|1'] } as never)).rejects.toThrow();
  });
});
