import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "fix3-readers-"));
const NOW = { ONCALL_NOW: "2026-11-27T12:00:00Z" };

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// The example config credits alerts by owner, which oncall.csv has no column for.
const CONFIG = file(
  "R.yaml",
  readFileSync(join(root, "examples", "oncall.config.yaml"), "utf8").replace(
    /^.*attribution: owner.*\n/m,
    "",
  ),
);

const calc = (path: string) =>
  runCli(["toil", "calc", path, "--config", CONFIG, "--person", "frank", "--json"], { env: NOW });

const ONCALL = readFileSync(join(root, "test", "fixtures", "oncall.csv"), "utf8");

describe("an opsgenie-json log whose items are not alert objects", () => {
  it("{data:[1,2,3]}: names data[0] as not an alert object, exit 4", async () => {
    const r = await calc(file("ints.json", '{"data":[1,2,3]}'));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*ints\.json: data\[0\]: expected an alert object, found 1 — /);
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  it("200,000 nested arrays: names [0], bounded (no stack overflow), exit 4", async () => {
    const r = await calc(file("deep.json", `${"[".repeat(200_000)}${"]".repeat(200_000)}`));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/deep\.json: \[0\]: expected an alert object, found an array of 1 item — /);
  });

  it("an object among alerts is found where it is (data[1])", async () => {
    const good = { id: "a1", createdAt: "2026-11-01T10:00:00Z", owner: "frank" };
    const r = await calc(file("mixed.json", JSON.stringify({ data: [good, "x"] })));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/mixed\.json: data\[1\]: expected an alert object, found "x"/);
  });
});

describe("sniffing prefers the format whose required columns are present", () => {
  it("ID,Alert ID,TinyID,…,CreatedAt: read as Opsgenie's export (the extra ID column unused)", async () => {
    const r = await calc(
      file(
        "extra-id.csv",
        "ID,Alert ID,TinyID,Message,CreatedAt,Owner,Acknowledged\n1,abc,7,disk,1793700000000,alice,true\n",
      ),
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(JSON.parse(r.stdout).totals.alerts).toBe(0);
    expect(r.code).toBe(0);
  });

  it("when none fits, the nearest format is named with what it lacks", async () => {
    const r = await calc(file("nearest.csv", "ID,Alert ID,Message,CreatedAt\n1,abc,disk,1793700000000\n"));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/nearest\.csv:1: an Opsgenie export's header without TinyID/);
  });

  it("an oncall CSV without created_at still says so", async () => {
    const r = await calc(file("no-created.csv", "id,message\nx,disk\n"));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/has no created_at column/);
  });
});

describe("what Excel writes before the header", () => {
  it("leading blank lines are passed over", async () => {
    const plain = await calc(file("plain.csv", ONCALL));
    const r = await calc(file("blank.csv", `\n\r\n\n${ONCALL}`));
    // the same warnings as without them (the fixture has two alerts from before the rota starts)
    expect(r.stderr.replaceAll("blank.csv", "plain.csv")).toBe(plain.stderr);
    expect(plain.stderr).not.toMatch(/blank|sep=|header/i);
    expect(r.code).toBe(0);
  });

  it("a sep=, first line is passed over, and the rows read as without it", async () => {
    const plain = await calc(file("plain.csv", ONCALL));
    const r = await calc(file("sep.csv", `sep=,\r\n${ONCALL}`));
    expect(r.stderr.replaceAll("sep.csv", "plain.csv")).toBe(plain.stderr);
    expect(r.code).toBe(0);
    expect(r.stdout.replaceAll("sep.csv", "plain.csv")).toBe(plain.stdout);
  });

  it("a header cell holding a quoted line break is named precisely", async () => {
    const r = await calc(file("broken.csv", '"id\n",created_at\nx,2026-11-01T00:00:00Z\n'));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(
      /broken\.csv:1: not a recognised alert log: the header's column 1 \("id\\n"\) holds a line break inside quotes/,
    );
  });
});
