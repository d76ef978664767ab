import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { icsCalendar } from "../../src/render/ics";
import { runCli } from "../cli/run";

const root = join(__dirname, "..", "..");
// RFC 5545 TEXT: no control character but the escaped line break (tab is space, as WSP allows it).
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f]/;

describe("iCalendar TEXT carries no control characters (RFC 5545 §3.3.11)", () => {
  it("ESC, C1 and tab in a summary and description are dropped or made spaces; ical.js reads it", () => {
    const text = icsCalendar(
      "Team\x1b[2J",
      [
        {
          uid: "u1@oncall",
          start: Date.UTC(2026, 10, 27, 10),
          end: Date.UTC(2026, 10, 28, 10),
          summary: "First line: Bob\x1b[31m Brown\x85\u009b",
          description: "covering\tBob\x07 on\x00 Saturday\nnight\r\nok",
        },
      ],
      Date.UTC(2026, 10, 27, 12),
    );
    for (const line of text.split("\r\n")) expect(line).not.toMatch(CONTROL);
    const cal = new ICAL.Component(ICAL.parse(text));
    const event = new ICAL.Event(cal.getFirstSubcomponent("vevent")!);
    expect(event.summary).toBe("First line: Bob[31m Brown");
    expect(event.description).toBe("covering Bob on Saturday\nnight\nok");
    expect(cal.getFirstPropertyValue("x-wr-calname")).toBe("Team[2J");
  });

  it("rota export --ics with a person's name holding ESC, C1 and a tab", async () => {
    const dir = mkdtempSync(join(tmpdir(), "fix3-ics-"));
    const config = join(dir, "c.yaml");
    writeFileSync(
      config,
      readFileSync(join(root, "examples", "oncall.config.yaml"), "utf8").replace(
        "name: Bob Brown",
        'name: "Bob\\e[31m\\x85\\tBrown"',
      ),
    );
    const r = await runCli(["rota", "export", "--ics", "--weeks", "1", "--config", config], {
      env: { ONCALL_NOW: "2026-11-27T12:00:00Z" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    for (const line of r.stdout.split("\r\n")) expect(line).not.toMatch(CONTROL);
    const cal = new ICAL.Component(ICAL.parse(r.stdout));
    const summaries = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).summary);
    expect(summaries).toContain("First line: Bob[31m Brown");
  });
});
