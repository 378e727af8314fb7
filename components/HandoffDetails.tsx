import type { IncidentPanelModel } from '@/utils/portal/incident-panel-model';

interface HandoffDetailsProps {
  model: IncidentPanelModel;
}

function DutyList({ label, duties }: { label: string; duties: readonly string[] }) {
  return (
    <div class="handoff-duties__column">
      <p class="handoff-duties__label">{label}</p>
      {duties.length > 0 ? (
        <ul class="handoff-duties__list">
          {duties.map((duty) => (
            <li key={duty}>{duty}</li>
          ))}
        </ul>
      ) : (
        <p class="handoff-duties__none">(no action)</p>
      )}
    </div>
  );
}

/**
 * Whose move it is and what is the analyst's to do: owner, step, time in step, scope, the partner's
 * pending action, the matrix row for this step, and the incident's own facts. Text only.
 */
export function HandoffDetails({ model }: HandoffDetailsProps) {
  const { owner, step, incident } = model;
  return (
    <div class="handoff-details">
      <p class={`handoff-owner handoff-owner--${owner.kind}`}>
        <span class="handoff-owner__dot" aria-hidden="true" />
        <strong>{owner.headline}</strong>
        <span class="handoff-owner__step">
          {' '}
          · {step.title}
          {step.timeInStep && <> · {step.timeInStep} in step</>}
        </span>
      </p>
      <dl class="handoff-facts">
        <dt>Owner</dt>
        <dd>{owner.label}</dd>
        <dt>Scope</dt>
        <dd>{model.scope}</dd>
        <dt>Service</dt>
        <dd>{model.tenant.service}</dd>
        {step.timeInStep && (
          <>
            <dt>In step since</dt>
            <dd>
              <time dateTime={step.since}>{step.sinceText}</time>
            </dd>
          </>
        )}
      </dl>
      {model.mergedInto && (
        <p class="handoff-merged">
          Merged into{' '}
          {model.mergedInto.url ? (
            <a href={model.mergedInto.url}>incident {model.mergedInto.incidentId}</a>
          ) : (
            <>incident {model.mergedInto.incidentId}</>
          )}
          : the work goes on there.
        </p>
      )}
      <div class={`handoff-action${model.partnerAction ? ' handoff-action--pending' : ''}`}>
        <p class="handoff-action__label">Your pending action</p>
        <p class="handoff-action__text">
          {model.partnerAction ? `${model.partnerAction.kind}: ${model.partnerAction.text}` : 'None right now.'}
        </p>
      </div>
      {model.duties ? (
        <div class="handoff-duties" role="group" aria-label={`Who does what: ${step.title}`}>
          <DutyList label="Defender Experts do" duties={model.duties.defenderExperts} />
          <DutyList label="You do" duties={model.duties.partner} />
          {model.duties.note && <p class="handoff-duties__note">{model.duties.note}</p>}
        </div>
      ) : (
        step.area !== 'closed' &&
        step.area !== 'merged' && (
          <p class="handoff-duties__none">Defender Experts have no part in this step for this tenant: it is yours.</p>
        )
      )}
      <details class="handoff-incident">
        <summary>Incident details</summary>
        <p class="handoff-incident__title">{incident.title}</p>
        <dl class="handoff-facts">
          <dt>Status</dt>
          <dd>{incident.status}</dd>
          <dt>Severity</dt>
          <dd>{incident.severity}</dd>
          <dt>Assigned to</dt>
          <dd>{incident.assignedTo}</dd>
          {incident.tags.length > 0 && (
            <>
              <dt>Tags</dt>
              <dd>
                <ul class="handoff-tags">
                  {incident.tags.map((tag) => (
                    <li key={tag} class="handoff-tag">
                      {tag}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
        </dl>
        {incident.description && <p class="handoff-incident__description">{incident.description}</p>}
        {incident.recommendedActions && (
          <>
            <p class="handoff-duties__label">Recommended actions (Defender Experts)</p>
            <p class="handoff-incident__description">{incident.recommendedActions}</p>
          </>
        )}
      </details>
      {model.comments && model.comments.length > 0 && (
        <div class="handoff-comments" role="group" aria-label="Latest comments">
          <p class="handoff-duties__label">Latest comments</p>
          <ul class="handoff-comments__list">
            {model.comments.map((comment, index) => (
              <li key={`${comment.createdDateTime ?? ''}-${index}`}>
                <span class="handoff-comments__author">{comment.createdByDisplayName ?? 'Someone'}</span>
                {': '}
                {comment.comment ?? ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      {model.syncProblem && <p class="handoff-warning">{model.syncProblem}</p>}
    </div>
  );
}
