import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  addLocalReview,
  localReviewKey,
  localReviewsKept,
  readLocalReviews,
  readUiState,
  uiStateItem,
  updateUiState,
} from '@/utils/storage/ui-state-storage';

describe('reviews marked on this browser only (uiState.reviewed)', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps tenantKey|incidentId once each, beside the panel collapse, which a collapse change keeps', async () => {
    expect(localReviewKey('contoso-guid', '1006')).toBe('contoso-guid|1006');
    expect([...(await readLocalReviews())]).toEqual([]);
    await addLocalReview('contoso-guid', '1006');
    await addLocalReview('contoso-guid', '1012');
    await addLocalReview('contoso-guid', '1006');
    expect([...(await readLocalReviews())]).toEqual(['contoso-guid|1012', 'contoso-guid|1006']);
    await updateUiState({ panelCollapsed: true });
    expect(await fakeBrowser.storage.local.get('uiState')).toEqual({
      uiState: { panelCollapsed: true, reviewed: ['contoso-guid|1012', 'contoso-guid|1006'] },
    });
  });

  it('is bounded: the oldest marks go first', async () => {
    await uiStateItem.setValue({ panelCollapsed: false, reviewed: Array.from({ length: localReviewsKept }, (_, index) => `t|${index}`) });
    await addLocalReview('t', 'new');
    const kept = [...(await readLocalReviews())];
    expect(kept).toHaveLength(localReviewsKept);
    expect(kept[0]).toBe('t|1');
    expect(kept.at(-1)).toBe('t|new');
  });

  it('reads an unreadable list as none, and a page cannot write it through the patch', async () => {
    await uiStateItem.setValue({ panelCollapsed: true, reviewed: 'x' });
    expect(await readUiState()).toEqual({ panelCollapsed: true });
    await expect(updateUiState({ reviewed: ['t|1'] } as never)).rejects.toThrow();
  });
});
