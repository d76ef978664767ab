import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");

describe("rota export with no format asked", () => {
  it("writes the iCalendar feed, as --ics does", async () => {
    const plain = await runCli(["rota", "export", "--weeks", "2", "--config", CONFIG]);
    const ics = await runCli(["rota", "export", "--ics", "--weeks", "2", "--config", CONFIG]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(plain.stdout).toBe(ics.stdout);
  });

  it("its help says ics is the default", async () => {
    const r = await runCli(["rota", "export", "--help"]);
    expect(r.stdout).toMatch(/--ics\s+iCalendar \(RFC 5545\), also written when no format is asked\s+for/);
  });
});
