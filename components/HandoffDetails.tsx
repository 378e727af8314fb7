import type { IncidentPanelModel } from '@/utils/portal/incident-panel-model';
import type { PrimaryAction } from '@/utils/portal/incident-panel-next';
import { onlyTrusted } from '@/utils/portal/trusted-input';

interface HandoffCardProps {
  model: IncidentPanelModel;
  /** "2 of 4 tasks open", or null without a task list. */
  progress: string | null;
  primary: PrimaryAction | null;
  onPrimary: (action: PrimaryAction) => void;
}

function DutyList({ label, duties }: { label: string; duties: readonly string[] }) {
  // An empty list says nothing: "You do: (no action)" beside "Your move" only confused.
  if (duties.length === 0) return null;
  return (
    <>
      <p class="handoff-duties__label">{label}</p>
      <ul class="handoff-duties__list">
        {duties.map((duty) => (
          <li key={duty}>{duty}</li>
        ))}
      </ul>
    </>
  );
}

/**
 * The answer first, in the panel's first ~200 px: whose move and the verb, time in step, what to do, the
 * tasks still open, the one next action, one line of facts; why (the matrix row) folded below. Text only.
 */
export function HandoffCard({ model, progress, primary, onPrimary }: HandoffCardProps) {
  const { owner, card, step } = model;
  return (
    <div class="handoff-card" role="group" aria-label={card.headline} tabIndex={-1}>
      <p class={`handoff-owner handoff-owner--${owner.kind}`}>
        <span class="handoff-owner__dot" aria-hidden="true" />
        <strong>{card.headline}</strong>
        {card.waiting && <span class="handoff-owner__step"> · {card.waiting}</span>}
      </p>
      {card.assignee.text && <p class="handoff-card__assignee">{card.assignee.text}</p>}
      {card.todo && <p class="handoff-card__todo">{card.todo}</p>}
      {model.mergedInto && <p class="handoff-merged">Merged into incident {model.mergedInto.incidentId}: the work goes on there.</p>}
      {progress && <p class="handoff-card__tasks">{progress}</p>}
      {primary &&
        (primary.kind === 'link' ? (
          <a class="handoff-button handoff-button--primary" href={primary.url}>
            {primary.text}
          </a>
        ) : (
          <button type="button" class="handoff-button handoff-button--primary" onClick={onlyTrusted(() => onPrimary(primary))}>
            {primary.text}
          </button>
        ))}
      <p class="handoff-card__facts">{card.facts}</p>
      {model.syncProblem && <p class="handoff-warning">{model.syncProblem}</p>}
      <details class="handoff-why">
        <summary>{card.whyLabel}</summary>
        <p>{step.timeInStep ? `${step.title} since ${step.sinceText}` : step.title}</p>
        {model.duties ? (
          <>
            <DutyList label="Defender Experts do" duties={model.duties.defenderExperts} />
            <DutyList label="You do" duties={model.duties.partner} />
            {model.duties.note && <p class="handoff-duties__note">{model.duties.note}</p>}
          </>
        ) : (
          step.area !== 'closed' &&
          step.area !== 'merged' && <p>Defender Experts have no part in this step for this tenant: it is yours.</p>
        )}
      </details>
    </div>
  );
}

/** The incident's own facts (folded) and its latest comments. Text only. */
export function HandoffDetails({ model }: { model: IncidentPanelModel }) {
  const { incident } = model;
  return (
    <>
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
    </>
  );
}
