import type { SavedHuntQuery } from '@/utils/hunting/hunt-model';
import { huntTimespanLabels } from './HuntQueryForm';

export interface HuntListMessage {
  kind: 'ok' | 'error';
  text: string;
}

interface SavedHuntQueriesProps {
  queries: readonly SavedHuntQuery[];
  /** The name typed for "Save current query". */
  name: string;
  onNameChange: (name: string) => void;
  /** False while the query box is empty. */
  canSave: boolean;
  onSave: () => void;
  onUse: (query: SavedHuntQuery) => void;
  onDelete: (query: SavedHuntQuery) => void;
  onImportFile: (file: File) => void;
  onExport: () => void;
  /** What the last save, delete or import did; `details` lists the items an import skipped. */
  message: HuntListMessage | null;
  details: readonly string[];
}

/** The analyst's saved queries: use, delete, save the current one, import and export as JSON. */
export function SavedHuntQueries(props: SavedHuntQueriesProps) {
  const { queries, name, canSave, message, details } = props;
  return (
    <section class="hunt-side" aria-labelledby="hunt-saved-heading">
      <h2 id="hunt-saved-heading">Saved queries</h2>
      {queries.length === 0 ? (
        <p class="muted">No saved queries yet.</p>
      ) : (
        <ul class="hunt-list">
          {queries.map((query) => (
            <li key={query.id} class="hunt-list__item">
              <span class="hunt-list__name">{query.name}</span>
              <span class="help">{huntTimespanLabels[query.timespan] ?? query.timespan}</span>
              <span class="row-actions">
                <button type="button" aria-label={`Use ${query.name}`} onClick={() => props.onUse(query)}>
                  Use
                </button>
                <button type="button" aria-label={`Delete ${query.name}`} onClick={() => props.onDelete(query)}>
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <form
        class="hunt-save"
        onSubmit={(event) => {
          event.preventDefault();
          if (canSave && name.trim()) props.onSave();
        }}
      >
        <label for="hunt-save-name">Name</label>
        <input id="hunt-save-name" type="text" maxLength={120} value={name} onInput={(event) => props.onNameChange((event.currentTarget as HTMLInputElement).value)} />
        <button type="submit" disabled={!canSave || !name.trim()}>
          Save current query
        </button>
      </form>
      <div class="actions">
        <label class="hunt-file">
          <span>Import…</span>
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(event) => {
              const input = event.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              if (file) props.onImportFile(file);
              input.value = '';
            }}
          />
        </label>
        <button type="button" disabled={queries.length === 0} onClick={props.onExport}>
          Export
        </button>
      </div>
      <div role="status" aria-live="polite">
        {message && <p class={message.kind === 'error' ? 'error' : 'help'}>{message.text}</p>}
        {details.length > 0 && (
          <ul class="hunt-list__skipped">
            {details.map((detail, index) => (
              <li key={index}>{detail}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
