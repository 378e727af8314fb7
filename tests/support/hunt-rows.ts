import type { HuntTenantRows } from '@/utils/hunting/hunt-model';
import { huntRowsChunks } from '@/utils/storage/hunt-rows-chunks';

/**
 * Every tenant's stored rows of one run, chunks joined back (tenant key order), as tests compare them:
 * what `readAllHuntRows` answered before rows were stored in chunks. Tests only: the page never holds a
 * run's rows at once (it reads them chunk by chunk, huntRowsChunks).
 */
export async function storedHuntRows(runId: string): Promise<HuntTenantRows[]> {
  const found: HuntTenantRows[] = [];
  for await (const chunk of huntRowsChunks(runId)) {
    if (chunk.chunk === 0) found.push({ runId, tenantKey: chunk.tenantKey, columns: chunk.columns, rows: [...chunk.rows] });
    else found.at(-1)!.rows.push(...chunk.rows);
  }
  return found;
}
