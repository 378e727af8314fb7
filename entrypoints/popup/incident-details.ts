import { extendAssigneeAliases, matchAssignee, type AssigneeAliases } from '@/utils/domain/assignee-aliases';
import { assigneeText, assigneeWho } from '@/utils/portal/assignee-who';
import { readIncidentTitlesAndAssignees } from '@/utils/storage/tenant-cache-storage';

/**
 * What the popup reads and works out after its first paint (use-work-queue.ts loads this module then, so
 * its zod-backed modules are not part of the first paint): the titles and assignees of the queue's
 * incidents from the extension's IndexedDB, and who in the team has each.
 */
export { readIncidentTitlesAndAssignees };

/** "you" or the colleague's name by row key, from the incidents' assignees; nobody for an incident no one in the team has. */
export function assigneeTexts(
  assignedTo: ReadonlyMap<string, string>,
  team: { you: string | null; extraAliases?: AssigneeAliases },
): Map<string, string> {
  const aliases = extendAssigneeAliases(team.extraAliases ?? { defenderExperts: [], customer: [] });
  const noPerson = (name: string) => matchAssignee(name, aliases) !== 'other';
  const who = new Map<string, string>();
  for (const [key, name] of assignedTo) {
    const found = assigneeWho(name, team.you, noPerson);
    if (found.kind !== 'unassigned') who.set(key, assigneeText(found));
  }
  return who;
}
