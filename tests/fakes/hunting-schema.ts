/**
 * What every tenant's advanced hunting knows without fixture rows: a few tables of Microsoft's advanced
 * hunting schema (defender-docs advanced-hunting-deviceprocessevents-table.md, -devicelogonevents-,
 * -devicenetworkevents-, -devicefileevents-; a subset of their columns), and runHuntingQuery's Timespan.
 *
 * Column types are the names Graph's schema answers use: DateTime and String appear in the documented
 * examples (security-security-runhuntingquery.md); Int64 (long), Int32 (int) and Boolean (bool) are our
 * assumption of the same .NET naming.
 */
import type { HuntingColumn } from './hunting-kql';

const columns = (spec: string): HuntingColumn[] =>
  spec
    .trim()
    .split(/\s+/)
    .map((item) => {
      const [name = '', type = 'String'] = item.split(':');
      return { name, type };
    });

const DEVICE = 'Timestamp:DateTime DeviceId DeviceName ActionType';
const INITIATING = 'InitiatingProcessFileName InitiatingProcessCommandLine InitiatingProcessAccountName';

/** Table name -> columns, in the schema's order. */
export const huntingSchemaTables: Readonly<Record<string, readonly HuntingColumn[]>> = {
  DeviceProcessEvents: columns(
    `${DEVICE} FileName FolderPath SHA256 ProcessId:Int64 ProcessCommandLine AccountDomain AccountName AccountUpn ${INITIATING} ReportId:Int64`,
  ),
  DeviceLogonEvents: columns(
    `${DEVICE} LogonType AccountDomain AccountName AccountSid Protocol FailureReason IsLocalAdmin:Boolean RemoteDeviceName RemoteIP RemotePort:Int32 ${INITIATING} ReportId:Int64`,
  ),
  DeviceNetworkEvents: columns(`${DEVICE} RemoteIP RemotePort:Int32 RemoteUrl LocalIP Protocol ${INITIATING} ReportId:Int64`),
  DeviceFileEvents: columns(`${DEVICE} FileName FolderPath SHA256 FileSize:Int64 ${INITIATING} ReportId:Int64`),
};

const DAY_MS = 86_400_000;
/** "If not provided, the default timespan of 30 days will be used" (security-security-runhuntingquery.md). */
export const DEFAULT_HUNTING_TIMESPAN_MS = 30 * DAY_MS;

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/** An ISO 8601 duration in ms (years as 365 days, months as 30), or undefined. */
export function durationMs(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return ((years! * 365 + months! * 30 + weeks! * 7 + days!) * 24 + hours!) * 3_600_000 + minutes! * 60_000 + seconds! * 1000;
}

function dateTime(text: string): number | undefined {
  if (!DATE_TIME.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

/**
 * The window a Timespan selects, the five documented forms: Date/Date, Duration/EndDate, Start/Duration,
 * Duration (back from now), Start (to now); null: the last 30 days. undefined when it is none of them.
 */
export function parseTimespan(timespan: string | null, now: number): { from: number; to: number } | undefined {
  if (timespan === null) return { from: now - DEFAULT_HUNTING_TIMESPAN_MS, to: now };
  const parts = timespan.trim().split('/');
  let window: { from: number; to: number } | undefined;
  if (parts.length === 1) {
    const duration = durationMs(parts[0]!);
    const start = dateTime(parts[0]!);
    window = duration !== undefined ? { from: now - duration, to: now } : start !== undefined ? { from: start, to: now } : undefined;
  } else if (parts.length === 2) {
    const [first = '', second = ''] = parts;
    const [firstTime, secondTime, firstDuration, secondDuration] = [dateTime(first), dateTime(second), durationMs(first), durationMs(second)];
    if (firstTime !== undefined && secondTime !== undefined) window = { from: firstTime, to: secondTime };
    else if (firstDuration !== undefined && secondTime !== undefined) window = { from: secondTime - firstDuration, to: secondTime };
    else if (firstTime !== undefined && secondDuration !== undefined) window = { from: firstTime, to: firstTime + secondDuration };
  }
  return window && window.from <= window.to ? window : undefined;
}
