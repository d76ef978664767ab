import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToilResult } from "../../src/core/toil";
import { runCli } from "./run";

const dir = mkdtempSync(join(tmpdir(), "oncall-fa-cli-"));
function writeTmp(name: string, text: string) {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const EXAMPLE = readFileSync(join(__dirname, "..", "..", "examples", "oncall.config.yaml"), "utf8");
// The example config, credited by the rota (first and second line) rather than by owner.
const ROTA = writeTmp("rota.yaml", EXAMPLE.replace(/^\s*attribution: owner\s*$/m, ""));
// The same rota with its second line dropped.
const FIRST_ONLY = writeTmp(
  "first-only.yaml",
  EXAMPLE.replace(/^\s*attribution: owner\s*$/m, "").replace(/ {4}- id: second-line\n(?: {6}.*\n)+/, ""),
);
const NOW = { ONCALL_NOW: "2026-11-27T03:00:00Z" };

function claims(stdout: string) {
  return (JSON.parse(stdout) as ToilResult).claims.map((c) => [c.person, c.hours]);
}

describe("fa: rota attribution over a log with no acknowledgement information", () => {
  const cases: [string, string, string][] = [
    ["oncall CSV", "plain.csv", "id,created_at\nq1,2026-11-03T02:00:00Z\n"],
    ["Opsgenie CSV", "og.csv", "Alert ID,TinyID,CreatedAt,Owner\nq1,1,1793671200000,alice@example.com\n"],
    [
      "API JSON",
      "api.json",
      JSON.stringify({ data: [{ id: "q1", tinyId: "1", message: "m", createdAt: "2026-11-03T02:00:00Z" }] }),
    ],
  ];
  for (const [what, name, text] of cases) {
    it(`is exit 4 naming the file and the field for an ${what}`, async () => {
      const file = writeTmp(name, text);
      const got = await runCli(["toil", "calc", "--config", ROTA, file, "--json"], { env: NOW });
      expect(got.stdout).toBe("");
      expect(got.code).toBe(4);
      expect(got.stderr).toContain(file);
      expect(got.stderr).toMatch(/acknowledgement time/);
      expect(got.stderr).toMatch(/Acknowledged/);
      expect(got.stderr).toMatch(/API JSON|GET \/v2\/alerts/);
      expect(got.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("still credits the first line when the rota has no second line", async () => {
    const file = writeTmp("plain2.csv", "id,created_at\nq1,2026-11-03T02:00:00Z\n");
    const got = await runCli(["toil", "calc", "--config", FIRST_ONLY, file, "--json"], { env: NOW });
    expect(got.code).toBe(0);
    expect(claims(got.stdout).map(([p]) => p)).toEqual(["alice"]);
    // nothing about second-line credit being approximate: there is no second line
    expect(got.stderr).not.toMatch(/approximate/);
  });

  it("accepts an Opsgenie CSV with the Acknowledged column", async () => {
    const file = writeTmp(
      "og-ack.csv",
      "Alert ID,TinyID,CreatedAt,Owner,Acknowledged\nq1,1,1793671200000,alice@example.com,true\n",
    );
    const got = await runCli(["toil", "calc", "--config", ROTA, file, "--json"], { env: NOW });
    expect(got.code).toBe(0);
    expect(claims(got.stdout).map(([p]) => p)).toEqual(["alice"]);
  });
});

describe("fa: copies of one alert with different creation times", () => {
  const csv = writeTmp(
    "copy.csv",
    "Alert ID,TinyID,CreatedAt,Owner,Acknowledged\nq1,1,1793671200000,alice@example.com,true\n",
  );
  const json = writeTmp(
    "copy.json",
    JSON.stringify({
      data: [
        {
          id: "q1",
          tinyId: "1",
          message: "m",
          createdAt: "2026-11-03T02:30:00Z",
          acknowledged: true,
          owner: "alice@example.com",
          report: { ackTime: 60000, acknowledgedBy: "alice@example.com" },
        },
      ],
    }),
  );

  it("each copy alone credits only alice", async () => {
    for (const f of [csv, json]) {
      const got = await runCli(["toil", "calc", "--config", ROTA, f, "--json"], { env: NOW });
      expect(got.code).toBe(0);
      expect(claims(got.stdout).map(([p]) => p)).toEqual(["alice"]);
    }
  });

  it("together they do not invent a second-line claim from the later copy's acknowledgement", async () => {
    const got = await runCli(["toil", "calc", "--config", ROTA, csv, json, "--json"], { env: NOW });
    expect(got.code).toBe(0);
    expect(claims(got.stdout).map(([p]) => p)).toEqual(["alice"]);
    expect(got.stderr).toMatch(/createdAt|creat/i);
  });
});

describe("fa: people sharing an email or opsgenie username", () => {
  const base = `people:
  - { id: alice, name: Alice Adams, email: alice@example.com }
`;
  const cases: [string, string, string, string][] = [
    ["the same email", "alice", "bob", `${base}  - { id: bob, name: Bob Brown, email: Alice@Example.com }\n`],
    [
      "the same opsgenie username",
      "bob",
      "carol",
      `${base}  - { id: bob, name: Bob Brown, email: bob@example.com, opsgenie: og@example.com }\n  - { id: carol, name: Carol Clark, email: carol@example.com, opsgenie: OG@example.com }\n`,
    ],
    [
      "one's email as another's opsgenie username",
      "alice",
      "bob",
      `${base}  - { id: bob, name: Bob Brown, email: bob@example.com, opsgenie: alice@example.com }\n`,
    ],
  ];
  for (const [what, one, other, yaml] of cases) {
    it(`is exit 3 naming the file, the line and both people for ${what}`, async () => {
      const file = writeTmp(`dup-${what.length}.yaml`, yaml);
      const got = await runCli(["toil", "calc", "--config", file, "-", "--json"], {
        env: NOW,
        stdin: "id,created_at,owner\nq1,2026-11-03T02:00:00Z,alice@example.com\n",
      });
      expect(got.code).toBe(3);
      const dupLine = yaml.split("\n").length - 1;
      expect(got.stderr).toContain(`${file}:${dupLine}`);
      expect(got.stderr).toMatch(new RegExp(`\\b${one}\\b.*\\b${other}\\b`));
      expect(got.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("rota check lists it", async () => {
    const file = writeTmp(
      "dup-check.yaml",
      `${base}  - { id: bob, name: Bob Brown, email: alice@example.com }\n`,
    );
    const got = await runCli(["rota", "check", "--config", file], { env: NOW });
    expect(got.code).toBe(3);
    expect(`${got.stdout}${got.stderr}`).toMatch(/alice/);
    expect(`${got.stdout}${got.stderr}`).toMatch(/bob/);
  });
});
