// npm run bench: the speed targets of SPEC §8, as ratios measured in one run.
//   oncall --version            vs node -e 0   (target ≤ 1.3×)
//   oncall toil calc <a week>   vs node -e 0   (target ≤ 2.0×)
//   oncall rota who             vs node -e 0   (target ≤ 1.7×)
//   over 1,000,000 rows, vs a bare streaming papaparse parse into header-keyed rows:
//     toil calc --person ana --json, attribution owner   ≤ 1.0×, ≤ 256 MB
//     toil calc --person ana --json, attribution rota    ≤ 1.3×, ≤ 300 MB
//     toil calc --json (everyone), attribution rota      ≤ 2.0×, ≤ 600 MB
//     alerts stats --json (rota)                         ≤ 2.0×, ≤ 600 MB
// Runs are interleaved so a busy moment affects every command alike; medians are reported.
// BENCH_ONLY=startup runs the start-up rows alone (no million-row file): what CI runs on each Node.
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { alertId, exportRow, OPSGENIE_HEADER, prng } from "../scripts/lib/opsgenie-export.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, "data");
const bin = join(here, "..", "bin", "oncall.js");
const config = join(here, "config.yaml");
const rotaConfig = join(here, "config-rota.yaml");
const OWNERS = ["ana", "ben", "cai", "dee", "eli"].map((p) => `${p}@example.com`);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const START_RUNS = Number(process.env.BENCH_START_RUNS ?? 31);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 3);
const ONLY = process.env.BENCH_ONLY ?? "";
if (ONLY !== "" && ONLY !== "startup") {
  process.stderr.write(`BENCH_ONLY: "${ONLY}" is not a set of rows; the one there is: startup\n`);
  process.exit(2);
}
const startupOnly = ONLY === "startup";

async function generate(path, rows, spanMs, seed) {
  const rand = prng(seed);
  const start = Date.parse("2026-01-05T00:00:00Z");
  const out = createWriteStream(path);
  out.write(`${OPSGENIE_HEADER}\n`);
  const messages = [
    "Site down",
    "High CPU on web-2",
    "Disk usage above 90%, db-1",
    "5xx rate above 5%",
    'Check "health" failing',
  ];
  let buf = "";
  for (let i = 0; i < rows; i++) {
    const createdAt = start + Math.floor((spanMs * i) / rows) + Math.floor(rand() * 1000);
    buf += `${exportRow({
      id: alertId(rand, createdAt),
      alias: `check-${Math.floor(rand() * 5000)}`,
      tinyId: 1000 + i,
      message: messages[i % messages.length],
      createdAt,
      acknowledged: rand() < 0.9,
      updatedAfterMs: 600_000,
      count: 1,
      owner: OWNERS[Math.floor(rand() * OWNERS.length)],
      teams: "Platform",
    })}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once("drain", r));
      buf = "";
    }
  }
  out.end(buf);
  await new Promise((r) => out.on("close", r));
}

// The bench's own compile cache: in the shared ~/.cache/oncall, other builds run meanwhile (another
// checkout, a test run) prune this one's file, and a run that finds none pays a first run's cost.
const benchCache = join(data, "cache");
// SPEC §9: the bench never reads or writes the user's journal and ledger; an empty data directory
// (no answers, no submissions) is what a first run sees.
const benchData = join(data, "state");

function timeOnce(args, extraEnv = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), {
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      NO_COLOR: "1",
      XDG_CACHE_HOME: benchCache,
      ONCALL_DATA_DIR: benchData,
      ...extraEnv,
    },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Wall time, peak resident memory and CPU time (user + system), the last two from GNU time when
 * the machine has it. CPU time is shown beside the ratios: on a busy machine it moves less.
 */
function timeWithMemory(args) {
  if (!existsSync("/usr/bin/time")) return { ms: timeOnce(args), mb: null, cpu: null };
  const t = process.hrtime.bigint();
  const r = spawnSync("/usr/bin/time", ["-f", "%M %U %S", ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: benchCache, ONCALL_DATA_DIR: benchData },
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const [kb, user, sys] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { ms, mb: kb / 1024, cpu: (user + sys) * 1000 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function interleave(commands, runs, measure = timeOnce) {
  const results = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let j = 0; j < commands.length; j++) results[j].push(measure(commands[j], j));
  }
  return results;
}

mkdirSync(data, { recursive: true });
rmSync(benchData, { recursive: true, force: true });
mkdirSync(benchData, { recursive: true });
const week = join(data, "week.csv");
const big = join(data, `opsgenie-${ROWS}.csv`);
if (!existsSync(week)) await generate(week, 150, 7 * 86_400_000, 7);
if (!startupOnly && !existsSync(big)) {
  process.stderr.write(`generating ${ROWS} rows…\n`);
  await generate(big, ROWS, 365 * 86_400_000, 1_000_000);
}
process.stderr.write(
  startupOnly ? `data: ${week}\n` : `data: ${week}, ${big} (${(statSync(big).size / 1e6).toFixed(0)} MB)\n`,
);

const node = process.execPath;
const calcArgs = [node, bin, "toil", "calc", week, "--config", config];
const whoArgs = [node, bin, "rota", "who", "--config", join(here, "..", "examples", "oncall.config.yaml")];
// warm-up: the first run after a build fills the compile cache (docs/performance.md)
timeOnce(calcArgs);
timeOnce(whoArgs);
const noCache = (args) => timeOnce(args, { ONCALL_NO_COMPILE_CACHE: "1" });
const [bare, version, calc, uncached, who] = interleave(
  [[node, "-e", "0"], [node, bin, "--version"], calcArgs, calcArgs, whoArgs],
  START_RUNS,
  (c, j) => (j === 3 ? noCache(c) : timeOnce(c)),
);
const baseline = median(bare);
const lines = [`node ${process.version} (${node})`];
const row = (label, ms, ratio, target) =>
  lines.push(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}×  ${target ? `(target ≤ ${target}×) ${ratio <= target ? "ok" : "MISS"}` : "(not a target)"}`,
  );
lines.push(`${"node -e 0".padEnd(44)} ${baseline.toFixed(0).padStart(6)} ms  (median of ${START_RUNS})`);
row("oncall --version", median(version), median(version) / baseline, 1.3);
row("oncall toil calc <a week's export>", median(calc), median(calc) / baseline, 2.0);
row("  the same, compile cache off (a first run)", median(uncached), median(uncached) / baseline, null);
row("oncall rota who", median(who), median(who) / baseline, 1.7);
if (startupOnly) {
  console.log(lines.join("\n"));
  process.exit(0);
}

const bigRuns = [
  {
    label: "toil calc --person ana --json (owner)",
    args: [node, bin, "toil", "calc", big, "--config", config, "--person", "ana", "--json"],
    ratio: 1.0,
    mb: 256,
  },
  {
    label: "toil calc --person ana --json (rota)",
    args: [node, bin, "toil", "calc", big, "--config", rotaConfig, "--person", "ana", "--json"],
    ratio: 1.3,
    mb: 300,
  },
  {
    label: "toil calc --json, everyone (rota)",
    args: [node, bin, "toil", "calc", big, "--config", rotaConfig, "--json"],
    ratio: 2.0,
    mb: 600,
  },
  {
    label: "alerts stats --json (rota)",
    args: [node, bin, "alerts", "stats", big, "--config", rotaConfig, "--json"],
    ratio: 2.0,
    mb: 600,
  },
];
const [papa, ...ours] = interleave(
  [[node, join(here, "papaparse-baseline.mjs"), big], ...bigRuns.map((r) => r.args)],
  BIG_RUNS,
  timeWithMemory,
);
const papaMs = median(papa.map((r) => r.ms));
const papaCpu = median(papa.map((r) => r.cpu ?? 0));
const cpuNote = (cpu) =>
  papaCpu > 0 ? `  cpu ${(cpu / 1000).toFixed(1)} s, ${(cpu / papaCpu).toFixed(2)}×` : "";
lines.push(
  `${`papaparse streaming parse, ${ROWS} rows`.padEnd(44)} ${papaMs.toFixed(0).padStart(6)} ms  (median of ${BIG_RUNS})${cpuNote(papaCpu)}`,
);
bigRuns.forEach((run, i) => {
  const ms = median(ours[i].map((r) => r.ms));
  row(run.label, ms, ms / papaMs, run.ratio);
  lines[lines.length - 1] += cpuNote(median(ours[i].map((r) => r.cpu ?? 0)));
  const peak = Math.max(...ours[i].map((r) => r.mb ?? 0));
  lines.push(
    `${"  peak memory (max RSS)".padEnd(44)} ${peak ? `${peak.toFixed(0).padStart(6)} MB  (target ≤ ${run.mb} MB) ${peak <= run.mb ? "ok" : "MISS"}` : "not measured (no /usr/bin/time)"}`,
  );
});
console.log(lines.join("\n"));
