import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type AnswerContext, toilPipeline } from "../../src/app/toil";
import { loadTeam } from "../../src/commands/team";
import { Diagnostics } from "../../src/core/diagnostics";
import { answersOf } from "../../src/core/toil";
import type { IO } from "../../src/runtime/io";

const dir = mkdtempSync(join(tmpdir(), "oncall-pipe-app-"));
const config = join(dir, "team.yaml");
writeFileSync(config, "people: []\ntoil:\n  attribution: acknowledger\n");
const log = join(__dirname, "..", "fixtures", "oncall.csv");
const lines: string[] = [];
const io = {
  cwd: dir,
  env: { HOME: dir },
  stdin: Readable.from([]),
  stdinIsTTY: false,
  stderr: { write: (s: string) => lines.push(s) },
} as unknown as IO;
const now = Date.parse("2026-01-01T12:00:00Z");

function run(answers: (ctx: AnswerContext) => ReturnType<typeof answersOf>) {
  const team = loadTeam(io, config, now);
  return toilPipeline(
    { files: [log], team, io, person: null, period: null, lenient: false, inferWorked: false, answers },
    new Diagnostics(),
  );
}

describe("the TOIL pipeline's answers seam", () => {
  it("hands the caller the classification, and decides with the answers it returns", async () => {
    let seen: AnswerContext | undefined;
    const plain = await run((ctx) => {
      seen = ctx;
      return answersOf([], []);
    });
    const inc2 = seen!.alerts.find((a) => a.id === "inc-2")!;
    expect(seen!.classification.credited(inc2)).toEqual(["bob@example.com"]);
    expect(seen!.index.find("inc-2")).toEqual([inc2]);
    const before = plain.claims.find((c) => c.alerts.some((a) => a.id === "inc-2"))!;
    expect(before.kindSource).not.toBe("mark");

    // answers from somewhere other than flags (a review's journal) decide the same way
    const reviewed = await run(() =>
      answersOf(
        [{ alertId: "inc-2", person: null, woken: !(before.kind === "woken"), source: "review" }],
        [{ alertId: "inc-2", person: null, minutes: 150, source: "review" }],
      ),
    );
    const after = reviewed.claims.find((c) => c.id === before.id)!;
    expect(after.kind).toBe(before.kind === "woken" ? "awake" : "woken");
    expect(after.kindSource).toBe("review"); // SPEC §5: the journal's kind shows as review
    expect(after.workedMinutes).toBe(150);
    expect(after.workedSource).toBe("review");
  });

  it("collects every stage's warnings in the collector it is given, in order", async () => {
    // someone in people, but not whom the log credits: classify warns of the usernames it met
    const withPeople = join(dir, "people.yaml");
    writeFileSync(withPeople, "people:\n  - { id: zed, name: Zed }\ntoil:\n  attribution: acknowledger\n");
    const team = loadTeam(io, withPeople, now);
    const diag = new Diagnostics();
    diag.warn("the caller's own, first");
    const result = await toilPipeline(
      {
        files: [log],
        team,
        io,
        person: null,
        period: null,
        lenient: false,
        inferWorked: false,
        answers: () => answersOf([], []),
      },
      diag,
    );
    expect(result.warnings).toBe(diag.warnings);
    expect(result.warnings[0]).toBe("the caller's own, first");
    // usernames credited though not in people: classify's warning, after the caller's
    expect(result.warnings.slice(1).join("\n")).toMatch(/not in the config's people/);
  });
});
