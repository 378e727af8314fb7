import type { HuntingGuidanceResponse } from '@/utils/messages/portal-answers';
import { onlyTrusted } from '@/utils/portal/trusted-input';

interface HuntingGuidanceProps {
  guidance: HuntingGuidanceResponse;
  /** The Advanced hunting link of each query, by index, once built (null while building or if it failed). */
  huntingUrls: readonly (string | null)[];
  onCopyQuery: (kql: string) => void;
  /** "Run in all my tenants": opens Handoff's Hunt page with query `index` filled in (the analyst's own click only). */
  onRunEverywhere?: (index: number) => void;
}

/** Defender Experts' recommended actions and hunting queries for a hunting-generated incident. Text only. */
export function HuntingGuidance({ guidance, huntingUrls, onCopyQuery, onRunEverywhere }: HuntingGuidanceProps) {
  return (
    <div class="handoff-guidance" role="group" aria-label="Hunting guidance">
      <p class="handoff-duties__label">Hunting guidance (Defender Experts)</p>
      {!guidance.available ? (
        <p class="handoff-guidance__unavailable">{guidance.reason}</p>
      ) : (
        <>
          <p class="handoff-guidance__actions">{guidance.recommendedActions ?? 'No recommended actions.'}</p>
          {guidance.huntingQueries.length > 0 && (
            <ol class="handoff-guidance__queries" aria-label="Recommended hunting queries">
              {guidance.huntingQueries.map((kql, index) => {
                const url = huntingUrls[index] ?? null;
                return (
                  <li key={index}>
                    <pre class="handoff-guidance__query">{kql}</pre>
                    <div class="handoff-quick-actions__row">
                      {url && (
                        <a href={url} target="_blank" rel="noopener noreferrer">
                          Open in Advanced hunting
                        </a>
                      )}
                      <button type="button" class="handoff-button" onClick={() => onCopyQuery(kql)}>
                        Copy query
                      </button>
                      {onRunEverywhere && (
                        <button type="button" class="handoff-button" onClick={onlyTrusted(() => onRunEverywhere(index))}>
                          Run in all my tenants
                        </button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
        </>
      )}
    </div>
  );
}
