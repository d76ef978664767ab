// Generates examples/alert-export-result_2026-10.csv (and the zip Opsgenie would email): a month of
// a small team's alerts in Opsgenie's current export layout, with the clusters, nights, weekends,
// the autumn clock change and in-hours noise a real month has. Deterministic: same file every run.
import { writeFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { alertId, exportRow, OPSGENIE_HEADER, prng } from "./lib/opsgenie-export.mjs";

const rand = prng(20261001);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const H = 3_600_000;
const M = 60_000;

// First line, by rota week (handover Wednesday 10:00 London): the alert owner in Opsgenie.
const weeks = [
  ["2026-09-30", "alice@example.com"],
  ["2026-10-07", "bob@example.com"],
  ["2026-10-14", "carol@example.com"],
  ["2026-10-21", "alice@example.com"],
  ["2026-10-28", "bob@example.com"],
];
const ownerAt = (ms) => {
  let owner = weeks[0][1];
  for (const [d, o] of weeks) if (ms >= Date.parse(`${d}T09:00:00Z`)) owner = o;
  return owner;
};

const sites = ["www.example.gov.uk", "apply.example.org.uk", "intranet.example.ac.uk", "api.example.co.uk"];
const messages = [
  (s) => `[Pingdom] DOWN alert: ${s} is down`,
  (s) => `[Pingdom] ${s} response time above 5s`,
  (s) => `High CPU on ${s} web-${1 + Math.floor(rand() * 3)}`,
  (s) => `Disk usage above 90% on ${s} db-1`,
  (s) => `5xx rate above 5% for ${s}`,
  (s) => `SSL certificate for ${s} expires in 7 days`,
  (s) => `RDS replica lag above 300s, ${s}`,
  (s) => `WAF blocked requests spiked, ${s}`,
];

// Incidents: [local-ish UTC time, number of alerts, spread in minutes, acknowledged]
const incidents = [
  ["2026-10-02T02:14:00Z", 4, 10, true], // the policy's example: four alerts in ten minutes
  ["2026-10-02T03:20:00Z", 1, 0, true], // back to bed? no: within the hour after the window
  ["2026-10-03T11:05:00Z", 2, 25, true], // Saturday daytime
  ["2026-10-05T13:30:00Z", 3, 40, true], // in hours (Monday)
  ["2026-10-06T19:45:00Z", 1, 0, true], // evening
  ["2026-10-08T06:50:00Z", 2, 5, false], // early morning, unacknowledged
  ["2026-10-09T23:59:00Z", 3, 70, true], // a long incident across midnight
  ["2026-10-12T09:55:00Z", 1, 0, true], // just before support hours (10:55 BST is in hours!)
  ["2026-10-14T16:59:00Z", 2, 3, true], // 17:59 BST and 18:02 BST: across the end of support hours
  ["2026-10-17T04:10:00Z", 1, 0, true], // Saturday night
  ["2026-10-20T14:00:00Z", 5, 30, true], // in hours
  ["2026-10-23T21:30:00Z", 2, 15, true], // Friday evening
  ["2026-10-25T00:40:00Z", 3, 50, true], // the night the clocks go back (01:40 BST → 01:30 GMT)
  ["2026-10-27T02:05:00Z", 1, 0, false], // woken, never acknowledged
  ["2026-10-29T18:30:00Z", 1, 0, true], // evening after the clocks changed (18:30 GMT)
  ["2026-10-31T10:00:00Z", 2, 20, true], // Saturday morning
];

const rows = [];
let tiny = 5210;
for (const [at, n, spread, acked] of incidents) {
  const base = Date.parse(at);
  const site = pick(sites);
  for (let i = 0; i < n; i++) {
    const createdAt = base + Math.round((spread * M * i) / Math.max(1, n - 1)) + Math.floor(rand() * 59_000);
    const message = pick(messages)(site);
    rows.push({
      createdAt,
      id: alertId(rand, createdAt),
      alias: `${site}-${message.length}-${Math.floor(rand() * 1e6)}`,
      tinyId: tiny++,
      message,
      acknowledged: acked,
      updatedAfterMs: 20 * M + Math.floor(rand() * H),
      count: rand() < 0.2 ? 2 + Math.floor(rand() * 4) : 1,
      owner: ownerAt(createdAt),
      teams: "Platform",
    });
  }
}
rows.sort((a, b) => b.createdAt - a.createdAt); // Opsgenie exports newest first
const csv = `${OPSGENIE_HEADER}\n${rows.map(exportRow).join("\n")}\n`;
writeFileSync(new URL("../examples/alert-export-result_2026-10.csv", import.meta.url), csv);
const zip = zipSync(
  { "alert-export-result_2026-10.csv": strToU8(csv) },
  { mtime: new Date("2026-11-01T09:00:00Z") },
);
writeFileSync(new URL("../examples/alert-export-result_2026-10.zip", import.meta.url), zip);
console.log(`examples: ${rows.length} alerts`);
