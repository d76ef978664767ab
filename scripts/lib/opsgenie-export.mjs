// Writes alerts in the column layout of Opsgenie's current CSV export. Shared by the example
// generator and the benchmark, so both produce the same shape of file.
export const OPSGENIE_HEADER =
  "Alert ID,Alias,TinyID,Message,Status,IsSeen,Acknowledged,Snoozed,CreatedAt,CreatedAtDate,UpdatedAt,UpdatedAtDate,Count,Owner,Teams";

/** A small deterministic PRNG (mulberry32), so generated files are the same on every machine. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand, n) {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

export function alertId(rand, createdAt) {
  return `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}-${createdAt}`;
}

function exportDate(ms) {
  const d = new Date(ms).toISOString(); // 2026-03-08T01:11:23.456Z
  return `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)} ${d.slice(11, 23)}+0000`;
}

function field(s) {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row of the current export layout. */
export function exportRow(a) {
  const updated = a.createdAt + (a.updatedAfterMs ?? 0);
  return [
    a.id,
    a.alias,
    String(a.tinyId),
    field(a.message),
    a.status ?? "closed",
    "true",
    a.acknowledged ? "true" : "false",
    "false",
    String(a.createdAt),
    exportDate(a.createdAt),
    String(updated),
    exportDate(updated),
    String(a.count ?? 1),
    a.owner ?? "",
    field(a.teams ?? ""),
  ].join(",");
}
