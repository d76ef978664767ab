import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { redactor } from "../../src/adapters/opsgenie";
import { buildAlertBody, LIMITS } from "../../src/core/escalation";
import { FakeOpsgenie, fakeNet } from "../support/fake-opsgenie";
import { runCli } from "./run";

const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const KEY = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
const fake = new FakeOpsgenie();
let net = fakeNet();

async function escalate(args: string[]) {
  return runCli(["escalate", "--config", CONFIG, ...args], {
    env: {
      ONCALL_OPSGENIE_URL: fake.url,
      OPSGENIE_API_KEY: KEY,
      ONCALL_ME: "alice",
      ONCALL_NOW: "2026-11-27T03:00:00Z",
    },
    net,
  });
}

/** Any 8 characters of the key in a row, ignoring case and invisible characters. */
function keyPiece(text: string): string | null {
  const t = text.replace(/[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g, "").toLowerCase();
  for (let i = 0; i + 8 <= KEY.length; i++) if (t.includes(KEY.slice(i, i + 8))) return KEY.slice(i, i + 8);
  return null;
}

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => {
  fake.reset();
  fake.validKey = KEY;
  net = fakeNet();
});

describe("fb: the key is scrubbed in every form Opsgenie may echo it", () => {
  it("a 401 with the key in upper case and in two halves shows none of it", async () => {
    fake.postFaults = [
      {
        kind: "status",
        status: 401,
        body: { message: `Key ${KEY.toUpperCase()} is wrong; got ${KEY.slice(0, 18)}/${KEY.slice(18)}` },
      },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a1"]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("[redacted]");
    expect(keyPiece(r.stdout + r.stderr)).toBeNull();
  });

  it("a 422 errors value with U+200B between each character shows none of it", async () => {
    fake.postFaults = [
      {
        kind: "status",
        status: 422,
        body: { message: "Invalid request", errors: { message: [...KEY].join("\u200b") } },
      },
    ];
    const r = await escalate(["--to", "head-of-ops", "--alert", "a2"]);
    expect([5, 7]).toContain(r.code);
    expect(r.stderr).toContain("[redacted]");
    expect(keyPiece(r.stdout + r.stderr)).toBeNull();
  });

  it("the redactor hides soft hyphens, word joiners and BOMs inside the key, and runs of 8+ of it", () => {
    const scrub = redactor(KEY);
    const hidden = `${KEY.slice(0, 10)}\u00ad${KEY.slice(10, 20)}\u2060${KEY.slice(20, 30)}\ufeff${KEY.slice(30)}`;
    expect(keyPiece(scrub(`a ${hidden} b`))).toBeNull();
    expect(scrub(`x ${KEY.slice(3, 11)} y`)).toBe("x [redacted] y");
    // fewer than 8 characters of the key is ordinary text
    expect(scrub(`x ${KEY.slice(3, 10)} y`)).toBe(`x ${KEY.slice(3, 10)} y`);
    expect(scrub("nothing here")).toBe("nothing here");
  });

  it("the redactor scrubs long text everywhere, not only near its start", () => {
    const scrub = redactor(KEY);
    const long = `${"z".repeat(100_000)}${KEY.toUpperCase()}${"z".repeat(100_000)}${KEY.slice(5, 20)}`;
    const out = scrub(long);
    expect(keyPiece(out)).toBeNull();
    expect(out.length).toBe(200_000 + 2 * "[redacted]".length);
  });
});

describe("fb: --to names that Object.prototype has", () => {
  it.each(["toString", "__proto__", "constructor", "valueOf", "hasOwnProperty"])(
    "--to %s is a usage error",
    async (to) => {
      const r = await escalate(["--to", to, "--dry-run"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("not an escalation contact, a line or a person");
      expect(r.stderr).not.toContain("toLowerCase");
    },
  );
});

const fullLength = (d: Record<string, string>) =>
  Object.entries(d).reduce((n, [k, v]) => n + k.length + v.length, 0);
const loneSurrogate = (s: string) =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe("fb: field limits", () => {
  it("--alert of 9000 characters: details stay within 8000 in all and keep the target", async () => {
    const r = await escalate(["--to", "head-of-ops", "--alert", "a".repeat(9000), "--dry-run", "--json"]);
    expect(r.code).toBe(0);
    const details = JSON.parse(r.stdout).request.body.details as Record<string, string>;
    expect(fullLength(details)).toBeLessThanOrEqual(LIMITS.details);
    expect(details.escalatedTo).toBeTruthy();
    expect(details.escalatedAlert!.length).toBeGreaterThan(7000);
  });

  it("cuts on code points: no field ends in half an emoji", () => {
    const emoji = "😀".repeat(20_000);
    for (let shift = 0; shift < 2; shift++) {
      const text = "x".repeat(shift) + emoji;
      const body = buildAlertBody({
        message: text,
        alias: "a",
        description: text,
        username: "u",
        priority: "P3",
        note: text,
        alertRef: text,
        escalatedBy: text,
        targetName: "Target",
      });
      for (const v of [
        body.message,
        body.description!,
        body.note!,
        body.entity!,
        body.user!,
        ...Object.values(body.details),
      ])
        expect(loneSurrogate(v)).toBe(false);
      expect([...body.message].length).toBeLessThanOrEqual(LIMITS.message);
      expect(fullLength(body.details)).toBeLessThanOrEqual(LIMITS.details);
      expect(body.details.escalatedTo).toBe("Target");
    }
  });
});
