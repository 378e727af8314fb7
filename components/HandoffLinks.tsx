import type { PortalOnlyLink, PortalOnlyPlace } from '@/utils/portal/incident-panel-model';

/** Text the clipboard refused: shown selected so the analyst can copy it by hand. */
export interface CopyFallback {
  label: string;
  text: string;
}

interface HandoffLinksProps {
  incidentId: string;
  portalOnlyLinks: readonly PortalOnlyLink[];
  teamsChannelUrl: string | null;
  deepLink: string | null;
  hasSummary: boolean;
  copyFallback: CopyFallback | null;
  onOpenPortalPlace: (place: PortalOnlyPlace) => void;
  onCopyLink: () => void;
  onCopySummary: () => void;
  /** Copies a ready-to-paste inquiry for "Ask Defender Experts"; absent when the tenant has no such service. */
  onCopyInquiry?: (() => void) | undefined;
}

/**
 * Where the analyst goes next: the portal-only places of the reference (Managed response, Ask
 * Defender Experts), the tenant's Teams channel, and what to paste into the MSSP's ticket (the deep
 * link with its tenant, a Markdown handoff summary).
 */
export function HandoffLinks(props: HandoffLinksProps) {
  const fallbackId = `handoff-${props.incidentId}-copy-fallback`;
  return (
    <div class="handoff-links" role="group" aria-label="Links">
      {props.portalOnlyLinks.length > 0 && (
        <ul class="handoff-links__list">
          {props.portalOnlyLinks.map((link) => (
            <li key={link.place}>
              <button type="button" class="handoff-link-button" onClick={() => props.onOpenPortalPlace(link.place)}>
                {link.controlName}
              </button>
            </li>
          ))}
        </ul>
      )}
      {props.teamsChannelUrl && (
        <p class="handoff-links__teams">
          <a href={props.teamsChannelUrl} target="_blank" rel="noopener noreferrer">
            Defender Experts Teams channel
          </a>
        </p>
      )}
      <div class="handoff-quick-actions__row">
        {props.deepLink && (
          <button type="button" class="handoff-button" onClick={props.onCopyLink}>
            Copy link
          </button>
        )}
        {props.hasSummary && (
          <button type="button" class="handoff-button" onClick={props.onCopySummary}>
            Copy handoff summary
          </button>
        )}
        {props.onCopyInquiry && (
          <button type="button" class="handoff-button" onClick={props.onCopyInquiry}>
            Copy inquiry for Ask Defender Experts
          </button>
        )}
      </div>
      {props.copyFallback && (
        <div class="handoff-copy-fallback">
          <label for={fallbackId}>{props.copyFallback.label}: press Ctrl+C to copy</label>
          <textarea id={fallbackId} readOnly rows={4} value={props.copyFallback.text} />
        </div>
      )}
    </div>
  );
}
