import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readUiState, uiStateItem, updateUiState } from '@/utils/storage/ui-state-storage';

describe('uiState in storage.local', () => {
  beforeEach(() => fakeBrowser.reset());

  it('defaults to an expanded panel when nothing is stored', async () => {
    expect(await readUiState()).toEqual({ panelCollapsed: false });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('remembers the panel collapsed in one storage.local item, and expanded again', async () => {
    expect(await updateUiState({ panelCollapsed: true })).toEqual({ panelCollapsed: true });
    expect(await fakeBrowser.storage.local.get('uiState')).toEqual({ uiState: { panelCollapsed: true } });
    expect(await readUiState()).toEqual({ panelCollapsed: true });
    await updateUiState({ panelCollapsed: false });
    expect(await readUiState()).toEqual({ panelCollapsed: false });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('reads an unreadable value field by field as the defaults, never an error', async () => {
    await uiStateItem.setValue({ panelCollapsed: 'yes', other: 1 });
    expect(await readUiState()).toEqual({ panelCollapsed: false });
    await uiStateItem.setValue('garbage');
    expect(await readUiState()).toEqual({ panelCollapsed: false });
    await uiStateItem.setValue(null);
    expect(await readUiState()).toEqual({ panelCollapsed: false });
  });

  it('refuses a patch with fields it does not know, and writes nothing', async () => {
    await expect(updateUiState({ panelCollapsed: true, secret: 'x' } as never)).rejects.toThrow();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('two writes at once both land in order', async () => {
    await Promise.all([updateUiState({ panelCollapsed: true }), updateUiState({ panelCollapsed: false })]);
    expect(await readUiState()).toEqual({ panelCollapsed: false });
  });
});
