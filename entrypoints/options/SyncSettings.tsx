import { useEffect, useRef, useState } from 'preact/hooks';
import { pollIntervalBounds, type Settings } from '@/utils/domain/settings';
import { updateSettings } from '@/utils/storage/settings-storage';
import { ManagedMark } from '@/components/ManagedPolicyNotes';
import { SaveStatus, type SaveState } from '@/components/SaveStatus';
import type { LockedField } from '@/utils/domain/managed-policy';
import { errorMessage } from '@/utils/portal/error-message';

type SyncField = 'pollIntervalMinutes' | 'badgeIncludesReviews' | 'badgeIncludesUnassigned' | 'notificationsEnabled' | 'chipsOnClosedIncidents';

type CheckField = Exclude<SyncField, 'pollIntervalMinutes'>;
const checkFields: readonly CheckField[] = ['badgeIncludesReviews', 'badgeIncludesUnassigned', 'notificationsEnabled', 'chipsOnClosedIncidents'];
const checksOf = (settings: Settings) => Object.fromEntries(checkFields.map((field) => [field, settings[field]])) as Record<CheckField, boolean>;
const checksKey = (settings: Settings) => checkFields.map((field) => String(settings[field])).join();

/** Typing in the interval saves once the analyst pauses this long. */
const typingPauseMs = 600;

/**
 * Poll interval, what the badge counts, notifications, chips on closed incidents: each saved as it changes
 * (the interval once typing pauses and only when valid), confirmed by "Saved." in a status line. A field
 * the organisation's policy sets is read-only and marked; saving never stores its value.
 */
export function SyncSettings({ settings, locked = [], severityLocked = false }: { settings: Settings; locked?: readonly LockedField[]; severityLocked?: boolean }) {
  const isLocked = (field: LockedField) => locked.includes(field);
  const [interval, setInterval] = useState(String(settings.pollIntervalMinutes));
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [invalid, setInvalid] = useState(false);
  const typing = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Shown at once on a click (the stored settings come back a moment later and replace them).
  const [checks, setChecks] = useState(() => checksOf(settings));
  useEffect(() => setChecks(checksOf(settings)), [checksKey(settings)]);

  // A change from elsewhere (another options tab, the policy) shows here unless the analyst is typing.
  useEffect(() => {
    if (typing.current === null) setInterval(String(settings.pollIntervalMinutes));
  }, [settings.pollIntervalMinutes]);
  useEffect(() => () => {
    if (typing.current !== null) clearTimeout(typing.current);
  }, []);

  const save = async <K extends SyncField>(field: K, value: Settings[K]) => {
    if (typeof value === 'boolean') setChecks((current) => ({ ...current, [field]: value }));
    setSaveState({ kind: 'saving' });
    try {
      await updateSettings((current) => ({ ...current, [field]: value }));
      setSaveState({ kind: 'saved', text: 'Saved.' });
    } catch (error) {
      setSaveState({ kind: 'error', text: errorMessage(error) });
    }
  };

  const intervalTyped = (text: string) => {
    setInterval(text);
    if (typing.current !== null) clearTimeout(typing.current);
    typing.current = setTimeout(() => {
      typing.current = null;
      const minutes = Number(text);
      if (text.trim() === '' || !Number.isInteger(minutes) || minutes < pollIntervalBounds.min || minutes > pollIntervalBounds.max) {
        setInvalid(true);
        setSaveState({
          kind: 'error',
          text: `Not saved: poll every ${pollIntervalBounds.min} to ${pollIntervalBounds.max} minutes (a whole number).`,
        });
        return;
      }
      setInvalid(false);
      if (minutes !== settings.pollIntervalMinutes) void save('pollIntervalMinutes', minutes);
    }, typingPauseMs);
  };

  return (
    <form class="sync-settings" aria-label="Sync and notifications" onSubmit={(event) => event.preventDefault()}>
      <div class="field">
        <label for="poll-interval">Poll every (minutes)</label>
        {isLocked('pollIntervalMinutes') && <ManagedMark id="poll-interval-managed" />}
        <input
          id="poll-interval"
          type="number"
          inputMode="numeric"
          min={pollIntervalBounds.min}
          max={pollIntervalBounds.max}
          step={1}
          value={interval}
          readOnly={isLocked('pollIntervalMinutes')}
          aria-describedby={isLocked('pollIntervalMinutes') ? 'poll-interval-managed' : undefined}
          aria-invalid={invalid ? true : undefined}
          onInput={(event) => intervalTyped(event.currentTarget.value)}
        />
      </div>
      <fieldset class="badge-options">
        <legend>The toolbar badge counts incidents awaiting your action, and also</legend>
        <div class="checkbox-field">
          <input
            id="badge-reviews"
            type="checkbox"
            checked={checks.badgeIncludesReviews}
            disabled={isLocked('badgeIncludesReviews')}
            aria-describedby={isLocked('badgeIncludesReviews') ? 'badge-reviews-managed' : undefined}
            onChange={(event) => void save('badgeIncludesReviews', event.currentTarget.checked)}
          />
          <label for="badge-reviews">Reviews of what Defender Experts resolved</label>
          {isLocked('badgeIncludesReviews') && <ManagedMark id="badge-reviews-managed" />}
        </div>
        <div class="checkbox-field">
          <input
            id="badge-unassigned"
            type="checkbox"
            checked={checks.badgeIncludesUnassigned}
            disabled={isLocked('badgeIncludesUnassigned')}
            aria-describedby={isLocked('badgeIncludesUnassigned') ? 'badge-unassigned-managed' : undefined}
            onChange={(event) => void save('badgeIncludesUnassigned', event.currentTarget.checked)}
          />
          <label for="badge-unassigned">Unassigned incidents outside Defender Experts’ scope</label>
          {isLocked('badgeIncludesUnassigned') && <ManagedMark id="badge-unassigned-managed" />}
        </div>
      </fieldset>
      <div class="checkbox-field">
        <input
          id="notifications"
          type="checkbox"
          checked={checks.notificationsEnabled}
          disabled={isLocked('notificationsEnabled')}
          aria-describedby={isLocked('notificationsEnabled') ? 'notifications-managed' : undefined}
          onChange={(event) => void save('notificationsEnabled', event.currentTarget.checked)}
        />
        <label for="notifications">Notify me when an incident becomes mine to act on</label>
        {isLocked('notificationsEnabled') && <ManagedMark id="notifications-managed" />}
      </div>
      <div class="checkbox-field">
        <input
          id="closed-chips"
          type="checkbox"
          checked={checks.chipsOnClosedIncidents}
          onChange={(event) => void save('chipsOnClosedIncidents', event.currentTarget.checked)}
        />
        <label for="closed-chips">Show chips on closed and merged incidents in the portal</label>
      </div>
      <p class="help">
        {severityLocked ? (
          <>
            The minimum severity to notify is the same for every tenant: <ManagedMark />
          </>
        ) : (
          'The minimum severity to notify is set per tenant (Edit).'
        )}
      </p>
      <SaveStatus state={saveState} />
    </form>
  );
}
