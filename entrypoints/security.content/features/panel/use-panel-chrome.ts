import { useState } from 'preact/hooks';
import type { CopyFallback } from '@/components/HandoffLinks';
import type { Notice, ShowNotice } from './panel-notice';

/** Copies text, or shows it to copy by hand; `whereNext` tells the analyst what to do with it. */
export type CopyText = (label: string, text: string, whereNext?: string) => Promise<void>;

/** Collapsed or not, the panel stays so across the portal's navigations (module state, no page storage). */
let rememberedExpanded = true;

/**
 * The panel's own frame, apart from the incident: collapsed or expanded, the one notice line every
 * concern reports to, and copying to the clipboard (with a box to copy from by hand when the page
 * grants no clipboard). Kept apart so the incident's concerns say what to tell, not where or how.
 */
export function usePanelChrome() {
  const [expanded, setExpanded] = useState(rememberedExpanded);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [copyFallback, setCopyFallback] = useState<CopyFallback | null>(null);

  const toggle = () => {
    rememberedExpanded = !expanded;
    setExpanded(!expanded);
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
  return { expanded, toggle, notice, showNotice, copyFallback, copy };
}
