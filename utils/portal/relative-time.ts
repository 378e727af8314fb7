/** "just now", "5 minutes ago", "3 hours ago", "2 days ago": for sync times and time in step. */
export function relativeTime(from: Date | string | number, now: Date | number = Date.now()): string {
  const then = new Date(from).getTime();
  if (Number.isNaN(then)) return 'unknown';
  return `${formatDuration(Math.max(0, new Date(now).getTime() - then))} ago`.replace(/^just now ago$/, 'just now');
}

/** A rounded duration: "just now" under a minute, then minutes, hours, days. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}
