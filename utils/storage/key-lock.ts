/**
 * A per-key lock for read-modify-write of one storage key. Every writer of the keys that use it (tenant
 * caches, tenant summaries, pending notifications, the audit log) runs in the service worker, so an
 * in-memory queue per key is enough: a quick action's cache update and a poll in flight, or two
 * summary updates, run one after the other instead of the later write undoing the earlier one.
 */
const tails = new Map<string, Promise<unknown>>();

export function withKeyLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return run;
}
