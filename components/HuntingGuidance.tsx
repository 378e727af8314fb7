import type { HuntingGuidanceResponse } from '@/utils/messages/portal-answers';

interface HuntingGuidanceProps {
  guidance: HuntingGuidanceResponse;
  /** The Advanced hunting link of each query, by index, once built (null while building or if it failed). */
  huntingUrls: readonly (string | null)[];
  onCopyQuery: (kql: string) => void;
}

/** Defender Experts' recommended actions and hunting queries for a hunting-generated incident. Text only. */
export function HuntingGuidance({ guidance, huntingUrls, onCopyQuery }: HuntingGuidanceProps) {
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
