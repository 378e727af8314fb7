import { useState } from 'preact/hooks';
import { auditCsv, auditRetentionDays } from '@/utils/domain/audit-log';
import { readAuditLog } from '@/utils/storage/audit-log-storage';
import { download } from './ReportExport';

/** The audit log of writes (who changed which customer's incident or task, and how it went), as CSV. */
export function AuditExport() {
  const [message, setMessage] = useState<string | null>(null);

  const exportAudit = async () => {
    const entries = await readAuditLog();
    download(`handoff-audit-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv;charset=utf-8', auditCsv(entries));
    setMessage(`Exported ${entries.length} ${entries.length === 1 ? 'write' : 'writes'}.`);
  };

  return (
    <div class="audit-export" aria-label="Audit log of writes">
      <h3>Audit log of writes</h3>
      <p class="help">
        Every change Handoff made or tried to make (quick actions, remediation tasks): who, tenant, incident or task,
        before and after, and the result. Kept in this browser for {auditRetentionDays} days.
      </p>
      {message && (
        <p class="muted" role="status">
          {message}
        </p>
      )}
      <div class="actions">
        <button type="button" onClick={() => void exportAudit()}>
          Export audit log (CSV)
        </button>
      </div>
    </div>
  );
}
