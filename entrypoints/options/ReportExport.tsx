import { useState } from 'preact/hooks';
import { reportCsv, reportMarkdown, reportRows } from '@/utils/sync/report-export';
import { tenantKey, type Settings } from '@/utils/domain/settings';
import { readAllTenantCaches } from '@/utils/storage/tenant-cache-storage';

const dayMs = 24 * 3_600_000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Saves `text` as a file through a temporary object URL (the report and the audit log). */
export function download(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The partner's own report: incidents created in a date range, by tenant, owner, step and time in step. */
export function ReportExport({ settings }: { settings: Settings }) {
  const today = new Date();
  const [from, setFrom] = useState(isoDay(new Date(today.getTime() - 30 * dayMs)));
  const [to, setTo] = useState(isoDay(today));
  const [tenant, setTenant] = useState('all');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const exportReport = async (format: 'csv' | 'markdown') => {
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + dayMs); // the "to" day is included
    if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start >= end) {
      setMessage({ error: true, text: 'Choose a start date on or before the end date.' });
      return;
    }
    const caches = new Map((await readAllTenantCaches()).map((cache) => [cache.tenantKey, cache]));
    const tenants = settings.tenants
      .filter((config) => tenant === 'all' || tenantKey(config) === tenant)
      .map((config) => ({
        displayName: config.displayName,
        incidents: Object.values(caches.get(tenantKey(config))?.incidents ?? {}),
      }));
    const rows = reportRows(tenants, { from: start, to: end }, new Date());
    const name = `handoff-report-${from}-to-${to}`;
    if (format === 'csv') download(`${name}.csv`, 'text/csv;charset=utf-8', reportCsv(rows));
    else download(`${name}.md`, 'text/markdown;charset=utf-8', reportMarkdown(rows, `Handoff report, ${from} to ${to}`));
    setMessage({ error: false, text: `Exported ${rows.length} ${rows.length === 1 ? 'incident' : 'incidents'}.` });
  };

  return (
    <form class="report-export" aria-label="Export a report" onSubmit={(event) => event.preventDefault()}>
      <div class="field">
        <label for="report-from">From</label>
        <input id="report-from" type="date" value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="report-to">To</label>
        <input id="report-to" type="date" value={to} onInput={(event) => setTo(event.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="report-tenant">Tenant</label>
        <select id="report-tenant" value={tenant} onChange={(event) => setTenant(event.currentTarget.value)}>
          <option value="all">All tenants</option>
          {settings.tenants.map((config) => (
            <option key={tenantKey(config)} value={tenantKey(config)}>
              {config.displayName}
            </option>
          ))}
        </select>
      </div>
      <p class="help">From what Handoff has synced: open incidents and those resolved in the last 30 days.</p>
      {message && (
        <p class={message.error ? 'error' : 'muted'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <div class="actions">
        <button type="button" class="button-primary" onClick={() => void exportReport('csv')}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportReport('markdown')}>
          Export Markdown
        </button>
      </div>
    </form>
  );
}
