import type { StatsDoc } from "../app/stats";
import { seconds } from "./stats-text";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Text for HTML: every character markup or an attribute could read escaped, and controls shown. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const named: Record<string, string> = {
      "&": "&amp;",
      "<": "&lt;",
      ">": "&gt;",
      '"': "&quot;",
      "'": "&#39;",
    };
    return named[ch] ?? `&#x${ch.charCodeAt(0).toString(16)};`;
  });
}

const h = (v: string | number) => escapeHtml(String(v));
const num = (n: number) => String(Math.round(n * 10_000) / 10_000);
const pct = (share: number | null) => (share === null ? "–" : `${Math.round(share * 100)}%`);

/** Blue from pale to deep: a cell's share of the busiest. */
function heat(n: number, max: number): string {
  if (n <= 0 || max <= 0) return "#f4f6f8";
  const t = n / max;
  const l = Math.round(88 - t * 58);
  return `hsl(212, 70%, ${l}%)`;
}

function barChart(values: { label: string; value: number }[], width: number, title: string): string {
  const rowH = 22;
  const labelW = 110;
  const max = Math.max(1, ...values.map((v) => v.value));
  const barW = width - labelW - 50;
  const bars = values
    .map((v, i) => {
      const w = Math.round((v.value / max) * barW);
      const y = i * rowH;
      return `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${h(v.label)}</text><rect x="${labelW}" y="${y + 3}" width="${w}" height="${rowH - 6}" fill="#2f6fb3"/><text x="${labelW + w + 4}" y="${y + 15}">${h(v.value)}</text>`;
    })
    .join("");
  return `<svg role="img" aria-label="${h(title)}" width="${width}" height="${Math.max(rowH, values.length * rowH)}" viewBox="0 0 ${width} ${Math.max(rowH, values.length * rowH)}">${bars}</svg>`;
}

function heatMap(grid: number[][]): string {
  const cell = 30;
  const left = 40;
  const top = 20;
  const max = Math.max(0, ...grid.flat());
  const labels = Array.from({ length: 24 }, (_, hr) =>
    hr % 2 === 0 ? `<text x="${left + hr * cell + cell / 2}" y="14" text-anchor="middle">${hr}</text>` : "",
  ).join("");
  const cells = grid
    .map(
      (row, d) =>
        `<text x="${left - 6}" y="${top + d * cell + 19}" text-anchor="end">${WEEKDAYS[d]}</text>` +
        row
          .map(
            (n, hr) =>
              `<rect x="${left + hr * cell}" y="${top + d * cell}" width="${cell - 2}" height="${cell - 2}" fill="${heat(n, max)}"><title>${WEEKDAYS[d]} ${hr}:00 — ${n}</title></rect>${n > 0 ? `<text x="${left + hr * cell + cell / 2 - 1}" y="${top + d * cell + 19}" text-anchor="middle" class="${n / max > 0.55 ? "on-dark" : ""}">${n}</text>` : ""}`,
          )
          .join(""),
    )
    .join("");
  const w = left + 24 * cell;
  const hgt = top + 7 * cell;
  return `<svg role="img" aria-label="out-of-hours alerts by weekday and hour" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}">${labels}${cells}</svg>`;
}

function hourBars(values: number[]): string {
  const w = 24 * 30 + 40;
  const hgt = 135;
  const max = Math.max(1, ...values);
  const bars = values
    .map((n, hr) => {
      const bh = Math.round((n / max) * 90);
      return `<rect x="${40 + hr * 30}" y="${115 - bh}" width="26" height="${bh}" fill="#c0582f"><title>${hr}:00 — ${n}</title></rect>${hr % 2 === 0 ? `<text x="${40 + hr * 30 + 13}" y="130" text-anchor="middle">${hr}</text>` : ""}${n > 0 ? `<text x="${40 + hr * 30 + 13}" y="${111 - bh}" text-anchor="middle">${n}</text>` : ""}`;
    })
    .join("");
  return `<svg role="img" aria-label="escalations by hour" width="${w}" height="${hgt}" viewBox="0 0 ${w} ${hgt}">${bars}</svg>`;
}

function table(head: string[], rows: (string | number)[][], right: number[]): string {
  const th = head.map((x, i) => `<th${right.includes(i) ? ' class="n"' : ""}>${h(x)}</th>`).join("");
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((x, i) => `<td${right.includes(i) ? ' class="n"' : ""}>${h(x)}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const CSS = `body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2530;margin:24px 32px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #dde3ea;padding-bottom:4px}
p.sub{color:#5b6673;margin:0 0 8px}table{border-collapse:collapse;margin:4px 0}th,td{padding:4px 10px;border-bottom:1px solid #e6ebf0;text-align:left}td{white-space:nowrap}
th{background:#f1f4f7;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}svg text{font-size:12px;fill:#1d2530}
svg text.on-dark{fill:#fff}.note{color:#5b6673;font-size:12px}`;

/** One self-contained page: inline CSS and SVG, no script, no address outside itself. */
export function statsHtml(doc: StatsDoc): string {
  const title = doc.period === null ? "every alert read" : doc.period.label;
  const periods = table(
    [
      doc.by === "person" ? "period" : doc.by,
      "alerts",
      "ooh alerts",
      "ooh windows",
      "woken windows",
      "TOIL days",
      "escalated",
      "ack median",
      "ack p90",
      "nights woken",
    ],
    doc.periods.map((r) => [
      r.label,
      r.alerts,
      r.outOfHoursAlerts,
      r.outOfHoursWindows,
      r.wokenWindows,
      num(r.toilDays),
      r.escalatedAlerts,
      seconds(r.ackMedianSeconds),
      seconds(r.ackP90Seconds),
      pct(r.wokenNightsShare),
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  const claimed = doc.people.some((p) => p.claimedDays !== null);
  const people = table(
    [
      "person",
      "windows",
      "woken windows",
      "woken nights (last 4 weeks)",
      "longest run of woken nights",
      "TOIL days",
      ...(claimed ? ["claimed days"] : []),
      "ooh on-call hours",
      ...(doc.rate === null ? [] : ["pay"]),
      "next shift",
    ],
    doc.people.map((p) => [
      p.name,
      p.windows,
      p.wokenWindows,
      p.wokenNightsRecent,
      p.longestWokenRun,
      num(p.toilDays),
      ...(claimed ? [p.claimedDays === null ? "–" : num(p.claimedDays)] : []),
      p.outOfHoursHours === null ? "–" : num(p.outOfHoursHours),
      ...(doc.rate === null ? [] : [p.pay === null ? "–" : p.pay.toFixed(2)]),
      p.nextShift === null ? "–" : `${p.nextShift.line}, ${p.nextShift.start.slice(0, 10)}`,
    ]),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  const noisy = table(
    ["source", "alerts", "re-fires", "TOIL days", "ooh pages below P2"],
    doc.noisiest.map((s) => [s.source, s.count, s.refires, num(s.days), s.lowPriorityOutOfHours ?? "–"]),
    [1, 2, 3, 4],
  );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Out-of-hours statistics: ${h(title)}</title><style>${CSS}</style></head><body>
<h1>Out-of-hours statistics: ${h(title)}</h1>
<p class="sub">Times in ${h(doc.timezone)}${doc.nights ? `; nights ${h(doc.nights.first)} to ${h(doc.nights.last)}` : ""}. Windows, woken nights and TOIL days follow the same rules as the claims.</p>
<h2>Per ${h(doc.by === "person" ? "period" : doc.by)}</h2>
${periods}
${barChart(
  doc.periods.map((r) => ({ label: r.label, value: r.outOfHoursAlerts })),
  760,
  "out-of-hours alerts per period",
)}
<p class="note">Bars: out-of-hours alerts.</p>
<h2>People</h2>
${doc.people.length ? people : "<p>Nobody was credited with an out-of-hours window.</p>"}
<h2>Out-of-hours alerts by weekday and hour</h2>
${heatMap(doc.grid)}
<h2>Escalations by hour</h2>
${hourBars(doc.escalationsByHour)}
<h2>Noisiest sources</h2>
${doc.noisiest.length ? noisy : "<p>No alerts.</p>"}
</body></html>
`;
}
