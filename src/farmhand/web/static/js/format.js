// Showing values to people: times in the browser's own time zone, sizes, durations.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export const STATUS = ["pending", "running", "completed", "failed"];
export const STATUS_LABEL = ["Pending", "Running", "Completed", "Failed"];

// A task's state in a word: "stopping" while a stop is on its way, else its status.
export function statusWord(task) {
  if (task.status === 1 && task.stop_requested) return "stopping";
  return (STATUS_LABEL[task.status] || task.status_text).toLowerCase();
}

function parse(iso) {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

// ISO-8601 from the API → local date and time ("28 Nov 2026, 15:30:00"); today's → time only.
export function localTime(iso, { full = false } = {}) {
  const date = parse(iso);
  if (!date) return "—";
  const today = new Date();
  if (!full && date.toDateString() === today.toDateString()) return timeOnly.format(date);
  return dateTime.format(date);
}

export function fullTime(iso) {
  const date = parse(iso);
  return date ? dateTime.format(date) : "";
}

export function ago(iso) {
  const date = parse(iso);
  if (!date) return "";
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return relativeFormat.format(seconds, "second");
  if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relativeFormat.format(Math.round(seconds / 3600), "hour");
  return relativeFormat.format(Math.round(seconds / 86400), "day");
}

export function duration(ms) {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function seconds(value) {
  if (value === null || value === undefined || value === "") return "";
  const s = Number(value);
  if (!Number.isFinite(s)) return "";
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${+(s / 60).toFixed(1)} min`;
  if (s < 172800) return `${+(s / 3600).toFixed(1)} h`;
  return `${+(s / 86400).toFixed(1)} days`;
}

export function bytes(n) {
  if (n === null || n === undefined) return "—";
  const units = ["B", "KB", "MB", "GB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

export const fmt = { localTime, fullTime, ago, duration, seconds, bytes, plural, STATUS, STATUS_LABEL };
