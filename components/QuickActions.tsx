import { useState } from 'preact/hooks';
import { onlyTrusted, trustedSubmitGuard } from '@/utils/portal/trusted-input';
import { FormButtons } from './FormButtons';
import {
  classificationLabels,
  commentMaxLength,
  determinationLabel,
  determinationsByClassification,
  resolveClassifications,
  type QuickActionAvailability,
  type QuickActionId,
  type ResolveClassification,
} from '@/utils/portal/quick-action-rules';

/** How the last quick action went, said under the control that started it. */
export interface QuickActionResult {
  kind: 'done' | 'info' | 'conflict' | 'refused' | 'unknown' | 'error';
  text: string;
}

export interface HuntingQueryLink {
  label: string;
  url: string;
}

interface QuickActionsProps {
  incidentId: string;
  actions: Record<QuickActionId, QuickActionAvailability>;
  /** The action running now; every button waits meanwhile. */
  busy: QuickActionId | null;
  huntingLinks: readonly HuntingQueryLink[];
  onAssignToMe: () => void;
  onResolve: (input: { classification: ResolveClassification; determination: string; comment: string }) => void;
  onComment: (comment: string) => void;
  onRefresh: () => void;
  /** The last action's result, shown where the click was (under the buttons, or under the open form). */
  result?: QuickActionResult | null;
  /** A conflict's [Reload]: the portal page again, with what Graph has now. */
  onReload?: () => void;
  /** Remediation tasks still open: resolving warns first. */
  openTasks?: number;
}

/** Hunting links are links; Mark reviewed has its own control (MarkReviewed.tsx). */
type ButtonAction = Exclude<QuickActionId, 'openHuntingQuery' | 'markReviewed'>;

const buttonLabels: Record<ButtonAction, string> = {
  assignToMe: 'Assign to me',
  resolve: 'Resolve…',
  comment: 'Add comment…',
  refresh: 'Refresh',
};

type OpenForm = 'resolve' | 'comment' | null;

/** An action's result where it was started: news in a status line, anything else in an alert; a conflict offers Reload. */
export function ResultLine({ result, onReload }: { result: QuickActionResult; onReload?: (() => void) | undefined }) {
  return (
    <p class={`handoff-notice handoff-notice--${result.kind}`} role={result.kind === 'done' || result.kind === 'info' ? 'status' : 'alert'}>
      {result.text}
      {result.kind === 'conflict' && onReload && (
        <>
          {' '}
          <button type="button" class="handoff-link-button" onClick={onReload}>
            Reload
          </button>
        </>
      )}
    </p>
  );
}

/**
 * The panel's quick actions. Each button is shown, disabled with its reason, or absent, as the
 * quick-action rules decided; the forms (resolve, comment) open in place. Components only render: the
 * work happens in the callbacks.
 */
export function QuickActions(props: QuickActionsProps) {
  const { actions, busy } = props;
  const [form, setForm] = useState<OpenForm>(null);
  // Nothing chosen for the analyst: a classification is a judgement, never a default.
  const [classification, setClassification] = useState<ResolveClassification | ''>('');
  const [determination, setDetermination] = useState<string>('');
  const [resolveComment, setResolveComment] = useState('');
  const [comment, setComment] = useState('');
  const ids = (suffix: string) => `handoff-${props.incidentId}-${suffix}`;
  // A page script's click or requestSubmit() never writes (utils/portal/trusted-input.ts).
  const [submitGuard] = useState(() => trustedSubmitGuard());

  const reasons = new Map<string, string>();
  for (const state of Object.values(actions)) {
    if (state.state === 'disabled' && !reasons.has(state.reason)) reasons.set(state.reason, ids(`reason-${reasons.size}`));
  }

  const button = (action: ButtonAction, onClick: () => void) => {
    const state = actions[action];
    if (state.state === 'hidden') return null;
    const disabled = state.state === 'disabled' || busy !== null;
    return (
      <button
        type="button"
        class="handoff-button"
        disabled={disabled}
        aria-describedby={state.state === 'disabled' ? reasons.get(state.reason) : undefined}
        aria-expanded={action === 'resolve' || action === 'comment' ? form === action : undefined}
        onClick={onlyTrusted(onClick)}
      >
        {busy === action ? `${buttonLabels[action].replace('…', '')}…` : buttonLabels[action]}
      </button>
    );
  };

  const chooseClassification = (value: ResolveClassification) => {
    setClassification(value);
    setDetermination('');
  };

  const { result, openTasks = 0 } = props;
  const resultLine = result && <ResultLine result={result} onReload={props.onReload} />;

  return (
    <div class="handoff-quick-actions" role="group" aria-label="Quick actions">
      <div class="handoff-quick-actions__row">
        {button('assignToMe', props.onAssignToMe)}
        {button('resolve', () => setForm(form === 'resolve' ? null : 'resolve'))}
        {button('comment', () => setForm(form === 'comment' ? null : 'comment'))}
        {button('refresh', props.onRefresh)}
      </div>
      {!((form === 'resolve' && actions.resolve.state === 'enabled') || (form === 'comment' && actions.comment.state === 'enabled')) &&
        resultLine}
      {props.huntingLinks.length > 0 && actions.openHuntingQuery.state === 'enabled' && (
        <ul class="handoff-quick-actions__links">
          {props.huntingLinks.map((link) => (
            <li key={link.url}>
              <a href={link.url} target="_blank" rel="noopener noreferrer">
                {link.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      {reasons.size > 0 && (
        <ul class="handoff-quick-actions__reasons">
          {[...reasons].map(([reason, id]) => (
            <li key={id} id={id}>
              {reason}
            </li>
          ))}
        </ul>
      )}
      {form === 'resolve' && actions.resolve.state === 'enabled' && (
        <form
          class="handoff-form"
          aria-label="Resolve incident"
          onSubmit={(event) => {
            event.preventDefault();
            if (!submitGuard.allowsSubmit()) return;
            if (classification && determination) props.onResolve({ classification, determination, comment: resolveComment });
          }}
        >
          {openTasks > 0 && <p class="handoff-warning">Remediation tasks still open: {openTasks}</p>}
          <label for={ids('classification')}>Classification</label>
          <select
            id={ids('classification')}
            required
            value={classification}
            onChange={(event) => chooseClassification(event.currentTarget.value as ResolveClassification)}
          >
            <option value="" disabled>
              Choose…
            </option>
            {resolveClassifications.map((value) => (
              <option key={value} value={value}>
                {classificationLabels[value]}
              </option>
            ))}
          </select>
          <label for={ids('determination')}>Determination</label>
          <select
            id={ids('determination')}
            required
            disabled={!classification}
            value={determination}
            onChange={(event) => setDetermination(event.currentTarget.value)}
          >
            <option value="" disabled>
              Choose…
            </option>
            {(classification ? determinationsByClassification[classification] : []).map((value) => (
              <option key={value} value={value}>
                {determinationLabel(value)}
              </option>
            ))}
          </select>
          <label for={ids('resolve-comment')}>Comment</label>
          <textarea
            id={ids('resolve-comment')}
            required
            maxLength={commentMaxLength}
            rows={3}
            value={resolveComment}
            onInput={(event) => setResolveComment(event.currentTarget.value)}
          />
          <FormButtons label="Resolve incident" busy={busy !== null} onSubmitClick={(event) => submitGuard.submitterClick(event)} onCancel={() => setForm(null)} />
          {resultLine}
        </form>
      )}
      {form === 'comment' && actions.comment.state === 'enabled' && (
        <form
          class="handoff-form"
          aria-label="Add comment"
          onSubmit={(event) => {
            event.preventDefault();
            if (!submitGuard.allowsSubmit()) return;
            props.onComment(comment);
          }}
        >
          <label for={ids('comment')}>Comment</label>
          <textarea
            id={ids('comment')}
            required
            maxLength={commentMaxLength}
            rows={3}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          <FormButtons label="Post comment" busy={busy !== null} onSubmitClick={(event) => submitGuard.submitterClick(event)} onCancel={() => setForm(null)} />
          {resultLine}
        </form>
      )}
    </div>
  );
}
