import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "stats");
const config = join(fixtures, "config.yaml");
const log = join(fixtures, "november.csv");
const env = () => ({ ONCALL_DATA_DIR: mkdtempSync(join(tmpdir(), "st-data-")), NO_COLOR: "1" });
const stats = (...args: string[]) =>
  runCli(["alerts", "stats", log, "--config", config, "--month", "2026-11", ...args], { env: env() });

/*
 * The log, by hand (November is GMT; support hours Mon–Fri 10:00–18:00; sleep 23:00–07:00, Bob
 * 22:30–06:30; escalation after 5 minutes; first line Alice and second line Dave until Wed 4 Nov
 * 10:00, then Bob and Erin):
 *   a1 Mon 2 Nov 02:00 P1, Alice acks in 2m   out of hours; opens Alice's window, woken (sleep hours) 0.5
 *   a2 Mon 2 Nov 02:20 P3, Alice acks in 4m   joins that window
 *   a3 Mon 2 Nov 11:00 P1, Alice acks in 1m   in hours
 *   a4 Tue 3 Nov 20:00 P2, never acked        escalated to Dave at 20:05: Alice awake 0.25, Dave awake 0.25
 *   a5 Thu 5 Nov 03:00 P4, Bob acks in 4m     Bob woken 0.5 (night of the 4th)
 *   a6 Fri 6 Nov 03:30 P1, Bob acks in 1m     Bob woken 0.5 (night of the 5th)
 */
describe("alerts stats: figures against a log computed by hand", () => {
  it("per period, per person, grid, escalations and noisiest sources", async () => {
    const r = await stats("--json");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.periods).toEqual([
      {
        key: "2026-11",
        label: "2026-11",
        from: "2026-11-01T00:00:00.000Z",
        to: "2026-12-01T00:00:00.000Z",
        alerts: 6,
        outOfHoursAlerts: 5, // all but a3
        outOfHoursWindows: 5, // Alice 02:00 and 20:00, Dave 20:05, Bob 03:00 and 03:30
        wokenWindows: 3, // Alice 02:00, Bob twice
        toilDays: 2, // 0.5 + 0.25 + 0.25 + 0.5 + 0.5
        escalatedAlerts: 1, // a4
        ackMedianSeconds: 120, // acks 60, 60, 120, 240, 240: rank ceil(0.5 × 5) = 3
        ackP90Seconds: 240, // rank ceil(0.9 × 5) = 5
        nights: 30,
        wokenNights: 3, // nights of 1, 4 and 5 Nov
        wokenNightsShare: 0.1, // 3 / 30
      },
    ]);
    const byId = Object.fromEntries(doc.people.map((p: { person: string }) => [p.person, p]));
    // Alice's woken night (1 Nov) is before the last 28 nights (3–30 Nov)
    expect(byId.alice).toMatchObject({
      windows: 2,
      wokenWindows: 1,
      wokenNightsRecent: 0,
      longestWokenRun: 1,
      toilDays: 0.75,
    });
    // Bob: nights of 4 and 5 Nov in a row
    expect(byId.bob).toMatchObject({
      windows: 2,
      wokenWindows: 2,
      wokenNightsRecent: 2,
      longestWokenRun: 2,
      toilDays: 1,
    });
    expect(byId.dave).toMatchObject({ windows: 1, wokenWindows: 0, longestWokenRun: 0, toilDays: 0.25 });
    // on the rota, with no window: listed with their hours
    expect(byId.carol).toMatchObject({ windows: 0, toilDays: 0 });
    expect(byId.carol.outOfHoursHours).toBeGreaterThan(0);
    const grid: number[][] = Array.from({ length: 7 }, () => new Array(24).fill(0));
    grid[0]![2] = 2; // Mon 02:00, 02:20
    grid[1]![20] = 1; // Tue 20:00
    grid[3]![3] = 1; // Thu 03:00
    grid[4]![3] = 1; // Fri 03:30
    expect(doc.grid).toEqual(grid);
    const esc = new Array(24).fill(0);
    esc[20] = 1;
    expect(doc.escalationsByHour).toEqual(esc);
    expect(doc.noisiest).toEqual([
      // a1, a2, a5 fold to one message; days of the windows they opened: Alice 0.5, Bob 0.5; a2 P3, a5 P4
      { source: "Disk #% on db-#", by: "message", count: 3, refires: 0, days: 1, lowPriorityOutOfHours: 2 },
      // a3, a4, a6: a4 opened Alice's and Dave's windows (0.25 each), a6 Bob's (0.5)
      { source: "Site down", by: "message", count: 3, refires: 0, days: 1, lowPriorityOutOfHours: 0 },
    ]);
  });

  it("agrees with toil calc: the same windows and days", async () => {
    const calc = await runCli(["toil", "calc", log, "--config", config, "--month", "2026-11", "--json"], {
      env: env(),
    });
    const claims = JSON.parse(calc.stdout);
    const doc = JSON.parse((await stats("--json")).stdout);
    expect(doc.periods[0].outOfHoursWindows).toBe(claims.claims.length);
    expect(doc.periods[0].toilDays).toBe(claims.totals.days);
  });

  it("--by week gives ISO weeks; --person keeps one person", async () => {
    const weeks = JSON.parse((await stats("--json", "--by", "week")).stdout);
    expect(weeks.periods.map((p: { key: string }) => p.key)).toEqual([
      "2026-W44",
      "2026-W45",
      "2026-W46",
      "2026-W47",
      "2026-W48",
      "2026-W49",
    ]);
    expect(weeks.periods[1]).toMatchObject({ alerts: 6, nights: 7 });
    const bob = JSON.parse((await stats("--json", "--person", "bob")).stdout);
    expect(bob.people.map((p: { person: string }) => p.person)).toEqual(["bob"]);
    expect(bob.periods[0]).toMatchObject({ alerts: 2, outOfHoursWindows: 2, toilDays: 1 });
    // escalations and times to acknowledge stay the team's: never one person's figures (SPEC §11)
    const team = JSON.parse((await stats("--json")).stdout);
    for (const key of ["escalatedAlerts", "ackMedianSeconds", "ackP90Seconds"])
      expect(bob.periods[0][key]).toBe(team.periods[0][key]);
    expect(bob.escalationsByHour).toEqual(team.escalationsByHour);
  });

  it("--rate gives pay for the out-of-hours on-call hours", async () => {
    const doc = JSON.parse((await stats("--json", "--rate", "2.50")).stdout);
    for (const p of doc.people) expect(p.pay).toBe(Math.round(p.outOfHoursHours * 2.5 * 100) / 100);
  });

  it("a log without ack times gives null ack figures, not zero", async () => {
    const r = await runCli(
      [
        "alerts",
        "stats",
        join(root, "test", "fixtures", "opsgenie-current.csv"),
        "--config",
        config,
        "--json",
      ],
      { env: env() },
    );
    const doc = JSON.parse(r.stdout);
    for (const p of doc.periods) {
      expect(p.ackMedianSeconds).toBeNull();
      expect(p.ackP90Seconds).toBeNull();
    }
  });

  it("matches its JSON Schema", async () => {
    const schema = JSON.parse(readFileSync(join(root, "schema", "alerts-stats.schema.json"), "utf8"));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    for (const extra of [[], ["--by", "person"], ["--by", "rota-week", "--rate", "3"]]) {
      const doc = JSON.parse((await stats("--json", ...extra)).stdout);
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("piped: the period rows alone on stdout, tab-separated; the rest on stderr", async () => {
    const r = await stats();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("2026-11\t6\t5\t5\t3\t2\t1\t2m00s\t4m00s\t10%\n");
    expect(r.stderr).toContain("Noisiest sources");
  });

  it("--by person, piped: the people's rows on stdout, the period on stderr", async () => {
    const r = await stats("--by", "person");
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split("\n");
    expect(rows.map((l) => l.split("\t").slice(0, 6))).toEqual([
      ["Alice Adams", "2", "1", "0", "1", "0.75"],
      ["Bob Brown", "2", "2", "2", "2", "1"],
      ["Carol Clark", "0", "0", "0", "0", "0"],
      ["Dave Davies", "1", "0", "0", "0", "0.25"],
      ["Erin Evans", "0", "0", "0", "0", "0"],
    ]);
    expect(r.stderr).toContain("2026-11\t6\t5\t5\t3\t2\t1");
  });

  it("on a terminal: tables and the heat map in block characters", async () => {
    const r = await runCli(["alerts", "stats", log, "--config", config, "--month", "2026-11"], {
      env: env(),
      tty: true,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Mon .*█/);
    expect(r.stdout).toContain("Disk #% on db-#");
  });

  it("--answers applies a journal export: woken counts and days are the answered ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "st-answers-"));
    const file = join(dir, "alice.json");
    writeFileSync(
      file,
      JSON.stringify({
        schemaVersion: 1,
        entries: [{ v: 1, at: "2026-11-02T09:00:00.000Z", person: "alice", alert: "a1", woken: false }],
      }),
    );
    const doc = JSON.parse((await stats("--json", "--answers", file)).stdout);
    // Alice's 02:00 window is awake now: 0.25 instead of 0.5, and one woken window fewer
    expect(doc.periods[0]).toMatchObject({ wokenWindows: 2, toilDays: 1.75, wokenNights: 2 });
  });

  it("--claims sets the days claimed beside the computed ones", async () => {
    const dir = mkdtempSync(join(tmpdir(), "st-claims-"));
    const file = join(dir, "claims.csv");
    writeFileSync(
      file,
      "Name,Email,Date,Days,Hours,Notes\nAlice Adams,alice@example.com,2026-11-02,0.5,3:30,c-1\nBob Brown,,2026-11-05,,3:30,c-2\n",
    );
    const doc = JSON.parse((await stats("--json", "--claims", file)).stdout);
    const byId = Object.fromEntries(doc.people.map((p: { person: string }) => [p.person, p]));
    expect(byId.alice.claimedDays).toBe(0.5);
    expect(byId.bob.claimedDays).toBe(0.5); // 3:30 of 7 hours a day, matched by name
    expect(byId.dave.claimedDays).toBe(0);
    writeFileSync(file, "Who,When\nx,y\n");
    const bad = await stats("--json", "--claims", file);
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain(
      "claims.csv:1: the header has no Name or Email, no Date, no Days or Hours column",
    );
  });

  it("--pay-period: on-call hours over the rota's pay period of the month", async () => {
    const doc = JSON.parse((await stats("--json", "--pay-period")).stdout);
    // handover-month (the default rota.payPeriod): Wed 4 Nov 10:00 to Wed 2 Dec 10:00
    expect(doc.hours).toEqual({
      from: "2026-11-04T10:00:00.000Z",
      to: "2026-12-02T10:00:00.000Z",
      payPeriod: "handover-month",
    });
    const calendar = JSON.parse((await stats("--json")).stdout);
    expect(calendar.hours.payPeriod).toBe("calendar-month");
  });

  it("usage errors name the flag and what to pass (exit 2)", async () => {
    for (const [args, words] of [
      [["--format", "html"], "--format html needs --out FILE"],
      [["--out", "x.html"], "--out is for --format html"],
      [["--rate", "lots"], "--rate lots: expected an amount per hour"],
      [["--by", "day"], "--by"],
    ] as const) {
      const r = await stats(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(words);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const pay = await runCli(["alerts", "stats", log, "--config", config, "--pay-period"], { env: env() });
    expect(pay.code).toBe(2);
    expect(pay.stderr).toContain("--pay-period needs --month");
    const week = await runCli(["alerts", "stats", "--config", config, "--week", log], { env: env() });
    expect(week.code).toBe(2);
    expect(week.stderr).toContain("put the log first");
  });

  it("a file that is not an alert log is an input error (exit 4)", async () => {
    const r = await runCli(["alerts", "stats", config, "--config", config], { env: env() });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("config.yaml");
  });

  it("text from the log is escaped on a terminal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "st-esc-"));
    const file = join(dir, "esc.csv");
    writeFileSync(
      file,
      "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked\n" +
        'e1,2026-11-07T02:00:00Z,"evil \u001b[31mred\u202e",P1,,,carol@example.com,,,,\n',
    );
    const r = await runCli(["alerts", "stats", file, "--config", config], { env: env(), tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("\u001b[31m");
    expect(r.stdout).not.toContain("\u202e");
    // (the message's numbers folded as a source's are)
    expect(r.stdout).toContain("evil \\x1b[#mred\\u202e");
  });
});

/** `alerts stats --json` over a log of these oncall CSV rows (and the flags given); its document */
async function statsOf(rows: string[], ...flags: string[]) {
  const file = join(mkdtempSync(join(tmpdir(), "st-rows-")), "log.csv");
  writeFileSync(
    file,
    [
      "id,created_at,message,priority,tags,teams,acknowledged_by,acknowledged_at,closed_at,woken,worked",
      ...rows,
    ].join("\n"),
  );
  const r = await runCli(["alerts", "stats", file, "--config", config, "--json", ...flags], { env: env() });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe("alerts stats: a log that starts after midnight on the 1st", () => {
  it("makes no row, hours or pay of the month before (the night before its first day is not its)", async () => {
    const rows = [
      // Sun 1 Nov 00:25 GMT: out of hours, in the night labelled 31 Oct
      "b1,2026-11-01T00:25:00Z,Disk 91% on db-1,P1,,,alice@example.com,2026-11-01T00:27:00Z,,,",
      "b2,2026-11-03T02:00:00Z,Disk 95% on db-2,P1,,,alice@example.com,2026-11-03T02:02:00Z,,,",
    ];
    const doc = await statsOf(rows, "--rate", "2.5");
    expect(doc.periods.map((p: { key: string }) => p.key)).toEqual(["2026-11"]);
    expect(doc.nights.first).toBe("2026-11-01");
    expect(doc.hours.from).toBe("2026-11-01T00:00:00.000Z");
    expect(doc.hours.to).toBe("2026-12-01T00:00:00.000Z");
    // the same hours and pay as the calendar month asked for by name
    const month = await statsOf(rows, "--rate", "2.5", "--month", "2026-11");
    const hours = (d: { people: { person: string; outOfHoursHours: number; pay: number }[] }) =>
      d.people.map((p) => [p.person, p.outOfHoursHours, p.pay]);
    expect(hours(doc)).toEqual(hours(month));
    expect(doc.periods[0].wokenNights).toBe(month.periods[0].wokenNights);
    // the night of 31 Oct is no night of the figures: alice's recent woken nights are the 2nd's alone
    // (the month's last 28 nights, 3–30 Nov, hold neither), and her longest run is one night either way
    const alice = (d: { people: { person: string; wokenNightsRecent: number; longestWokenRun: number }[] }) =>
      d.people.find((p) => p.person === "alice")!;
    expect(alice(doc)).toMatchObject({ wokenNightsRecent: 1, longestWokenRun: 1 });
    expect(alice(month)).toMatchObject({ wokenNightsRecent: 0, longestWokenRun: 1 });
  });

  it("an export of one alert at 02:00 has one night, its own, and it was woken", async () => {
    const doc = await statsOf([
      "c1,2026-11-10T02:00:00Z,Site down,P1,,,bob@example.com,2026-11-10T02:01:00Z,,,",
    ]);
    expect(doc.nights).toEqual({ first: "2026-11-09", last: "2026-11-09" });
    expect(doc.periods).toMatchObject([{ key: "2026-11", nights: 1, wokenNights: 1, wokenNightsShare: 1 }]);
    expect(doc.people.find((p: { person: string }) => p.person === "bob")).toMatchObject({
      wokenNightsRecent: 1,
      longestWokenRun: 1,
    });
  });

  it("an export of only the small hours of the 1st covers no whole night, and its hours are that month's", async () => {
    const doc = await statsOf([
      "d1,2026-11-01T00:25:00Z,Site down,P1,,,alice@example.com,2026-11-01T00:26:00Z,,,",
    ]);
    expect(doc.periods.map((p: { key: string }) => p.key)).toEqual(["2026-11"]);
    expect(doc.nights).toBeNull();
    expect(doc.hours).toMatchObject({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
  });
});

describe("alerts stats --person for someone with no alerts in the log", () => {
  it("still shows their on-call hours and pay, over the months of the rows read", async () => {
    // an Opsgenie export: with --person, other people's rows are dropped as they are read
    const dir = mkdtempSync(join(tmpdir(), "st-carol-"));
    const file = join(dir, "alert-export.csv");
    const row = (id: string, at: string) => {
      const ms = Date.parse(at);
      const date = `${at.slice(0, 10).replaceAll("-", "/")} ${at.slice(11, 19)}.000+0000`;
      return `${id},check-${id},${id.slice(1)},Disk full,closed,true,true,false,${ms},${date},${ms + 60_000},${date},1,,Ops`;
    };
    writeFileSync(
      file,
      [
        "Alert ID,Alias,TinyID,Message,Status,IsSeen,Acknowledged,Snoozed,CreatedAt,CreatedAtDate,UpdatedAt,UpdatedAtDate,Count,Owner,Teams",
        row("x1", "2026-11-02T02:00:00Z"),
        row("x2", "2026-11-05T03:00:00Z"),
        row("x3", "2026-11-06T03:30:00Z"),
      ].join("\n"),
    );
    const run = (...more: string[]) =>
      runCli(
        ["alerts", "stats", file, "--config", config, "--person", "carol", "--rate", "2", "--json", ...more],
        { env: env() },
      );
    const open = JSON.parse((await run()).stdout);
    const month = JSON.parse((await run("--month", "2026-11")).stdout);
    expect(open.hours).toMatchObject({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
    expect(open.people).toHaveLength(1);
    expect(open.people[0]).toMatchObject({ person: "carol", windows: 0 });
    expect(open.people[0].shiftHours).toBeGreaterThan(0);
    expect(open.people.map((p: { shiftHours: number; pay: number }) => [p.shiftHours, p.pay])).toEqual(
      month.people.map((p: { shiftHours: number; pay: number }) => [p.shiftHours, p.pay]),
    );
  });
});
