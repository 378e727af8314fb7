import { useState } from 'preact/hooks';
import { pollIntervalBounds, settingsSchema, type Settings } from '@/utils/domain/settings';
import { writeSettings } from '@/utils/storage/settings-storage';
import { ManagedMark } from '@/components/ManagedPolicyNotes';
import type { LockedField } from '@/utils/domain/managed-policy';
import { errorMessage } from './error-message';

/**
 * Poll interval, what the badge counts, notifications, chips on closed incidents: saved together, and
 * only when all are valid. A field the organisation's policy sets is read-only and marked; saving never
 * stores its value (the chips' setting is the analyst's alone, so the form can always be saved).
 */
export function SyncSettings({ settings, locked = [], severityLocked = false }: { settings: Settings; locked?: readonly LockedField[]; severityLocked?: boolean }) {
  const isLocked = (field: LockedField) => locked.includes(field);
  const [interval, setInterval] = useState(String(settings.pollIntervalMinutes));
  const [includeReviews, setIncludeReviews] = useState(settings.badgeIncludesReviews);
  const [includeUnassigned, setIncludeUnassigned] = useState(settings.badgeIncludesUnassigned);
  const [notifications, setNotifications] = useState(settings.notificationsEnabled);
  const [closedChips, setClosedChips] = useState(settings.chipsOnClosedIncidents);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const save = async () => {
    const minutes = Number(interval);
    if (!Number.isInteger(minutes) || minutes < pollIntervalBounds.min || minutes > pollIntervalBounds.max) {
      setMessage({
        error: true,
        text: `Poll every ${pollIntervalBounds.min} to ${pollIntervalBounds.max} minutes (a whole number).`,
      });
      return;
    }
    const next = settingsSchema.safeParse({
      ...settings,
      pollIntervalMinutes: minutes,
      badgeIncludesReviews: includeReviews,
      badgeIncludesUnassigned: includeUnassigned,
      notificationsEnabled: notifications,
      chipsOnClosedIncidents: closedChips,
    });
    if (!next.success) {
      setMessage({ error: true, text: next.error.issues[0]?.message ?? 'These settings are not valid.' });
      return;
    }
    try {
      await writeSettings(next.data);
      setMessage({ error: false, text: 'Saved.' });
    } catch (error) {
      setMessage({ error: true, text: errorMessage(error) });
    }
  };

  return (
    <form
      class="sync-settings"
      aria-label="Sync and notifications"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
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
          aria-invalid={message?.error ? true : undefined}
          onInput={(event) => setInterval(event.currentTarget.value)}
        />
      </div>
      <fieldset class="badge-options">
        <legend>The toolbar badge counts incidents awaiting your action, and also</legend>
        <div class="checkbox-field">
          <input
            id="badge-reviews"
            type="checkbox"
            checked={includeReviews}
            disabled={isLocked('badgeIncludesReviews')}
            aria-describedby={isLocked('badgeIncludesReviews') ? 'badge-reviews-managed' : undefined}
            onChange={(event) => setIncludeReviews(event.currentTarget.checked)}
          />
          <label for="badge-reviews">Reviews of what Defender Experts resolved</label>
          {isLocked('badgeIncludesReviews') && <ManagedMark id="badge-reviews-managed" />}
        </div>
        <div class="checkbox-field">
          <input
            id="badge-unassigned"
            type="checkbox"
            checked={includeUnassigned}
            disabled={isLocked('badgeIncludesUnassigned')}
            aria-describedby={isLocked('badgeIncludesUnassigned') ? 'badge-unassigned-managed' : undefined}
            onChange={(event) => setIncludeUnassigned(event.currentTarget.checked)}
          />
          <label for="badge-unassigned">Unassigned incidents outside Defender Experts’ scope</label>
          {isLocked('badgeIncludesUnassigned') && <ManagedMark id="badge-unassigned-managed" />}
        </div>
      </fieldset>
      <div class="checkbox-field">
        <input
          id="notifications"
          type="checkbox"
          checked={notifications}
          disabled={isLocked('notificationsEnabled')}
          aria-describedby={isLocked('notificationsEnabled') ? 'notifications-managed' : undefined}
          onChange={(event) => setNotifications(event.currentTarget.checked)}
        />
        <label for="notifications">Notify me when an incident becomes mine to act on</label>
        {isLocked('notificationsEnabled') && <ManagedMark id="notifications-managed" />}
      </div>
      <div class="checkbox-field">
        <input
          id="closed-chips"
          type="checkbox"
          checked={closedChips}
          onChange={(event) => setClosedChips(event.currentTarget.checked)}
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
      {message && (
        <p class={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="button-primary">
          Save sync settings
        </button>
      </div>
    </form>
  );
}
