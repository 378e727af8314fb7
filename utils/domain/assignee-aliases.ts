import { z } from 'zod';

/**
 * Who an incident's free-text `assignedTo` names. The exact strings Graph returns for "Defender Experts"
 * and "Customer" are not documented (see docs/reference/graph-security-api.md), so they live in this one list,
 * are matched case-insensitively with whitespace collapsed, and a setting may add more.
 */

const aliasSchema = z.string().trim().min(1).max(256);

export const assigneeAliasesSchema = z.object({
  defenderExperts: z.array(aliasSchema),
  customer: z.array(aliasSchema),
});
export type AssigneeAliases = z.infer<typeof assigneeAliasesSchema>;

export const defaultAssigneeAliases: AssigneeAliases = {
  defenderExperts: ['Defender Experts', 'Microsoft Defender Experts', 'DefenderExperts'],
  customer: ['Customer'],
};

export const assigneeMatchSchema = z.enum(['defenderExperts', 'customer', 'other', 'unassigned']);
export type AssigneeMatch = z.infer<typeof assigneeMatchSchema>;

/** The form names are compared in: trimmed, inner whitespace runs as one space, lower case. */
export function normalizeAssigneeName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** The defaults plus the aliases a user configured, without duplicates (compared normalised). */
export function extendAssigneeAliases(
  extra: AssigneeAliases,
  base: AssigneeAliases = defaultAssigneeAliases,
): AssigneeAliases {
  const union = (first: string[], second: string[]) => {
    const seen = new Set<string>();
    return [...first, ...second].filter((alias) => {
      const key = normalizeAssigneeName(alias);
      if (key === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  };
  return {
    defenderExperts: union(base.defenderExperts, extra.defenderExperts),
    customer: union(base.customer, extra.customer),
  };
}

/**
 * Classifies `assignedTo`. Null, empty or blank means unassigned. A name listed as both a Defender
 * Experts and a customer alias counts as Defender Experts (the list checked first).
 */
export function matchAssignee(
  assignedTo: string | null | undefined,
  aliases: AssigneeAliases = defaultAssigneeAliases,
): AssigneeMatch {
  const name = normalizeAssigneeName(assignedTo ?? '');
  if (name === '') return 'unassigned';
  const names = (list: string[]) => list.some((alias) => normalizeAssigneeName(alias) === name);
  if (names(aliases.defenderExperts)) return 'defenderExperts';
  if (names(aliases.customer)) return 'customer';
  return 'other';
}
