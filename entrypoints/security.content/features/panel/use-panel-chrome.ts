import { useEffect, useState } from 'preact/hooks';
import type { CopyFallback } from '@/components/HandoffLinks';
import { askBackground } from '../../../../utils/channels/portal-channel';
import type { Notice, ShowNotice } from './panel-notice';
import { watchPortalDialogs } from './portal-dialogs';

/** Copies text, or shows it to copy by hand; `whereNext` tells the analyst what to do with it. */
export type CopyText = (label: string, text: string, whereNext?: string) => Promise<void>;

/**
 * Collapsed or not: one setting for every incident, kept by the worker in storage.local (`uiState`; a
 * content script reaches it only by message) and here for the page's life, so the portal's navigations
 * do not ask again.
 */
let rememberedExpanded = true;
let loaded = false;

/** Reads the remembered collapse before the panel first draws (no flash of the wrong state), once a page. Never throws. */
export async function loadPanelCollapsed(): Promise<void> {
  if (loaded) return;
  loaded = true;
  try {
    rememberedExpanded = !(await askBackground<'getUiState'>({ type: 'getUiState' })).panelCollapsed;
  } catch {
    // Unknown: the panel opens expanded.
  }
}

/**
 * The panel's own frame, apart from the incident: collapsed or expanded (and collapsed to its pill while a
 * portal dialog or flyout is open, back when it closes), the one notice line every concern reports to, and
 * copying to the clipboard (with a box to copy from by hand when the page grants no clipboard). Kept apart
 * so the incident's concerns say what to tell, not where or how.
 */
export function usePanelChrome(signal?: AbortSignal) {
  const [expanded, setExpanded] = useState(rememberedExpanded);
  const [dialogOpen, setDialogOpen] = useState(false);
  /** The analyst opened the pill while a dialog is open: it stays open until that dialog closes. */
  const [overDialog, setOverDialog] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [copyFallback, setCopyFallback] = useState<CopyFallback | null>(null);

  useEffect(() => {
    if (!signal) return;
    watchPortalDialogs(signal, (open) => {
      setDialogOpen(open);
      setOverDialog(false);
    });
  }, []);

  const shown = expanded && (!dialogOpen || overDialog);

  const toggle = () => {
    if (dialogOpen) {
      setOverDialog(!shown);
      if (shown || expanded) return;
    }
    rememberedExpanded = !expanded;
    setExpanded(!expanded);
    askBackground<'setUiState'>({ type: 'setUiState', panelCollapsed: expanded }).catch(() => undefined);
  };

  const copy: CopyText = async (label, text, whereNext) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopyFallback(null);
      setNotice({ kind: 'info', text: whereNext ? `${label} copied. ${whereNext}` : `${label} copied.` });
    } catch {
      setCopyFallback({ label, text });
      setNotice({ kind: 'info', text: `${label}: the clipboard is not available here, copy it from the box.` });
    }
  };

  const showNotice: ShowNotice = setNotice;
  return { expanded: shown, yielded: dialogOpen && !shown, toggle, notice, showNotice, copyFallback, copy };
}
