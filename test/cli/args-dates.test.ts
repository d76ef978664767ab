import { join } from "node:path";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const run = (args: string[]) =>
  runCli([...args, "--config", CONFIG], { env: { ONCALL_NOW: "2026-11-27T12:00:00Z" } });

describe("date arguments outside 2000-2099 are a usage error at once", () => {
  it.each([
    [["rota", "who", "--at", "9999-12-31T23:00"], /--at 9999-12-31T23:00: .*2000-01-01 to 2099-12-31/],
    [["rota", "who", "--at", "1999-12-31T23:00Z"], /--at 1999-12-31T23:00Z: .*2000-01-01 to 2099-12-31/],
    [["rota", "who", "--at", "2100-01-01"], /--at 2100-01-01: .*2000-01-01 to 2099-12-31/],
    [["rota", "export", "--ics", "--from", "3000-01-01"], /--from 3000-01-01: .*2000-01-01 to 2099-12-31/],
    [["rota", "show", "--week", "1999-06-01"], /--week 1999-06-01: .*2000-01-01 to 2099-12-31/],
    [["rota", "show", "--month", "2100-01"], /--month 2100-01: .*2000-01 to 2099-12/],
    [["rota", "hours", "--month", "1999-12"], /--month 1999-12: .*2000-01 to 2099-12/],
    [["toil", "calc", "-", "--from", "0001-01-01"], /--from 0001-01-01: .*2000-01-01 to 2099-12-31/],
    [["toil", "calc", "-", "--to", "9999-01-01"], /--to 9999-01-01: .*2000-01-01 to 2099-12-31/],
    [["toil", "calc", "-", "--week", "2200-01-01"], /--week 2200-01-01: .*2000-01-01 to 2099-12-31/],
    [["toil", "calc", "-", "--month", "9999-12"], /--month 9999-12: .*2000-01 to 2099-12/],
  ])("%j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
  });

  it("the first and last accepted days still work", async () => {
    expect((await run(["rota", "who", "--at", "2000-01-01T00:00", "--json"])).code).toBe(0);
    expect((await run(["rota", "who", "--at", "2099-12-31T23:59", "--json"])).code).toBe(0);
    expect((await run(["rota", "show", "--month", "2099-12", "--json"])).code).toBe(0);
  });
});

describe("impossible dates and months are named as such", () => {
  it.each([
    [["rota", "who", "--at", "2026-02-30T10:00"], /--at 2026-02-30T10:00: 2026-02-30 is not a calendar date/],
    [["rota", "who", "--at", "2026-02-29"], /--at 2026-02-29: 2026-02-29 is not a calendar date/],
    [
      ["rota", "export", "--ics", "--from", "2026-04-31"],
      /--from 2026-04-31: 2026-04-31 is not a calendar date/,
    ],
    [["rota", "show", "--week", "2026-02-30"], /--week 2026-02-30: 2026-02-30 is not a calendar date/],
    [["toil", "calc", "-", "--from", "2026-02-30"], /--from 2026-02-30: 2026-02-30 is not a calendar date/],
    [["rota", "show", "--month", "2026-13"], /--month 2026-13: there is no month 13/],
    [["rota", "show", "--month", "2026-00"], /--month 2026-00: there is no month 00/],
    [["rota", "hours", "--month", "2026-13"], /--month 2026-13: there is no month 13/],
    [["toil", "calc", "-", "--month", "2026-13"], /--month 2026-13: there is no month 13/],
    [["rota", "show", "--month", "2026-1"], /--month 2026-1: expected YYYY-MM/],
  ])("%j", async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a leap day is a real date", async () => {
    const r = await run(["rota", "who", "--at", "2028-02-29T12:00", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).at).toBe("2028-02-29T12:00:00.000Z");
  });
});

describe("rota export --from", () => {
  const firstEvent = (ics: string) => {
    const events = new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents("vevent")
      .map((e) => new ICAL.Event(e))
      .sort((a, b) => a.startDate.toJSDate().getTime() - b.startDate.toJSDate().getTime());
    return events[0]!;
  };

  it("a date starts at the handover of the rota week containing 12:00 that day, as rota show --week", async () => {
    const show = JSON.parse((await run(["rota", "show", "--week", "2026-12-23", "--json"])).stdout);
    expect(show.from).toBe("2026-12-23T10:00:00.000Z");
    const r = await run(["rota", "export", "--ics", "--from", "2026-12-23", "--weeks", "1"]);
    expect(r.code).toBe(0);
    const first = firstEvent(r.stdout);
    expect(first.startDate.toJSDate().toISOString()).toBe(show.from);
    const json = JSON.parse(
      (await run(["rota", "export", "--json", "--from", "2026-12-23", "--weeks", "1"])).stdout,
    );
    expect(json.from).toBe(show.from);
    expect(json.to).toBe(show.to);
  });

  it("a date that is not a handover day: the rota week containing it", async () => {
    const json = JSON.parse(
      (await run(["rota", "export", "--json", "--from", "2026-12-25", "--weeks", "1"])).stdout,
    );
    expect(json.from).toBe("2026-12-23T10:00:00.000Z");
  });

  it("a date-time is taken as given: shifts that ended before it are left out, the one holding it is whole", async () => {
    // 2026-11-29T12:00 is after Carol's override (Sat 18:00 to Sun 10:00) in the week from 25 Nov
    const json = JSON.parse(
      (await run(["rota", "export", "--json", "--from", "2026-11-29T12:00", "--weeks", "1"])).stdout,
    );
    expect(json.from).toBe("2026-11-29T12:00:00.000Z");
    expect(json.to).toBe("2026-12-02T10:00:00.000Z");
    expect(json.events.map((e: { summary: string; start: string }) => [e.summary, e.start])).toEqual([
      ["First line: Bob Brown", "2026-11-29T10:00:00.000Z"],
      ["Second line: Dave Davies", "2026-11-25T10:00:00.000Z"],
    ]);
  });
});

describe("ONCALL_NOW is trusted only as a real instant in 2000-2099", () => {
  it.each([
    ["9999-12-31T23:00:00Z", /ONCALL_NOW=9999-12-31T23:00:00Z: the year 9999 is outside/],
    ["1970-01-01T00:00:00Z", /ONCALL_NOW=1970-01-01T00:00:00Z: the year 1970 is outside/],
    ["2026-02-31T10:00:00Z", /ONCALL_NOW=2026-02-31T10:00:00Z: 2026-02-31 is not a calendar date/],
  ])("%s is a usage error at once", async (now, message) => {
    const r = await runCli(["rota", "who", "--config", CONFIG], { env: { ONCALL_NOW: now } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});
