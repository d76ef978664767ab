import { describe, expect, it } from "vitest";
import { configGetText, configPathText } from "../../src/render/config";
import { type EscalateResult, escalateResultText } from "../../src/render/escalate";
import { rotaNextText } from "../../src/render/rota";
import { rotaCheckDoc, rotaCheckText } from "../../src/render/rota-check";
import { london } from "../helpers";

describe("renderers over result objects", () => {
  it("rota check: text and JSON from the same problems, warnings in place", () => {
    const result = {
      file: "team.yaml",
      found: [
        { line: 3, path: "rota.lines", message: "no people", severity: "error" as const },
        { line: 9, path: "rota.overrides", message: "overlap", severity: "warning" as const },
      ],
    };
    expect(rotaCheckText(result)).toBe(
      "team.yaml:3: rota.lines: no people\nteam.yaml:9: rota.overrides: warning: overlap\n",
    );
    expect(rotaCheckDoc(result)).toEqual({
      schemaVersion: 1,
      file: "team.yaml",
      problems: [{ line: 3, path: "rota.lines", message: "no people" }],
      warnings: [{ line: 9, path: "rota.overrides", message: "overlap" }],
    });
    expect(rotaCheckText({ file: "t\u001b.yaml", found: [result.found[1]!] })).toBe(
      "t\\x1b.yaml:9: rota.overrides: warning: overlap\nt\\x1b.yaml: no problems found (1 warning)\n",
    );
  });

  it("rota next: how far off each shift is, counted from the document's own time", () => {
    const doc = {
      schemaVersion: 1 as const,
      person: "bob",
      name: "Bob \u202eBrown",
      at: "2026-11-27T12:00:00.000Z",
      shifts: [
        {
          line: "first-line",
          person: "bob",
          name: "Bob Brown",
          start: "2026-11-29T10:00:00.000Z",
          end: "2026-12-02T10:00:00.000Z",
          override: false,
          now: false,
        },
      ],
    };
    expect(rotaNextText(doc, new Map([["first-line", "First line"]]), london)).toBe(
      "Bob \\u202eBrown (bob) is on call:\n  First line: Sun 29 Nov 10:00 – Wed 2 Dec 10:00 (in 2 days)\n",
    );
    expect(rotaNextText({ ...doc, shifts: [] }, new Map(), london)).toBe(
      "Bob \\u202eBrown is not on the rota in the next year.\n",
    );
  });

  it("escalate: a new page names the alert and its link; a deduplicated one says it did not page again", () => {
    const doc: EscalateResult = {
      schemaVersion: 1,
      alertId: "A1",
      requestId: "R1",
      alias: "x",
      responder: { person: "dave", name: "Dave Davies", username: "dave@example.com" },
      deduplicated: false,
      url: "https://app.eu.opsgenie.com/alert/detail/A1/details",
    };
    expect(escalateResultText(doc)).toBe(
      "Paged Dave Davies (dave@example.com) — Opsgenie alert A1\nhttps://app.eu.opsgenie.com/alert/detail/A1/details\n",
    );
    expect(escalateResultText({ ...doc, deduplicated: true })).toMatch(
      /^Already paged: Dave Davies has an open escalation alert for this \(alert A1\)/,
    );
  });

  it("config get and path: one value alone, or key: value lines", () => {
    const doc = { schemaVersion: 1 as const, settings: { me: "al\u001bice", "opsgenie.region": null } };
    expect(configGetText(doc, "me")).toBe("al\\x1bice\n");
    expect(configGetText(doc, undefined)).toBe("me: al\\x1bice\nopsgenie.region: (not set)\n");
    expect(
      configPathText({
        schemaVersion: 1,
        teamConfig: null,
        settings: "/h/s.json",
        journal: "/d/journal.jsonl",
        ledger: "/d/ledger.jsonl",
      }),
    ).toBe(
      "team config: (none found; oncall config init writes one)\npersonal settings: /h/s.json\njournal: /d/journal.jsonl\nledger: /d/ledger.jsonl\n",
    );
  });
});
