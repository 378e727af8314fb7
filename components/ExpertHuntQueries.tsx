export interface ExpertHuntQueryView {
  /** Unique in the list: tenant, incident and position. */
  key: string;
  query: string;
  /** Handoff's key of the tenant whose incident it came from (the run's source). */
  tenantKey: string;
  tenantName: string;
  incidentId: string;
  incidentTitle: string | null;
  /** The incident in its tenant's portal, or null when no safe link could be built. */
  incidentLink: string | null;
}

interface ExpertHuntQueriesProps {
  queries: readonly ExpertHuntQueryView[];
  onUse: (query: ExpertHuntQueryView) => void;
}

/** Queries Defender Experts posted on incidents (seen in the panel), with where they came from. Text only. */
export function ExpertHuntQueries({ queries, onUse }: ExpertHuntQueriesProps) {
  return (
    <section class="hunt-side" aria-labelledby="hunt-experts-heading">
      <h2 id="hunt-experts-heading">Posted by Defender Experts</h2>
      {queries.length === 0 ? (
        <p class="muted">None yet: queries Defender Experts recommend on hunting incidents appear here once you open the incident.</p>
      ) : (
        <ul class="hunt-list">
          {queries.map((item) => (
            <li key={item.key} class="hunt-list__item hunt-list__item--query">
              <pre class="hunt-list__query mono">{item.query}</pre>
              <span class="help">
                {item.incidentLink ? (
                  <a href={item.incidentLink} target="_blank" rel="noopener noreferrer">
                    {`Incident ${item.incidentId}`}
                  </a>
                ) : (
                  `Incident ${item.incidentId}`
                )}
                {` in ${item.tenantName}`}
                {item.incidentTitle ? `: ${item.incidentTitle}` : ''}
              </span>
              <button type="button" aria-label={`Use the query of incident ${item.incidentId} in ${item.tenantName}`} onClick={() => onUse(item)}>
                Use
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
