import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

const root = join(__dirname, "..", "..");
const CONFIG = join(root, "examples", "oncall.config.yaml");

/** A fresh directory with nothing above it up to HOME: no team config to discover. */
function emptyHome() {
  return mkdtempSync(join(tmpdir(), "oncall-polish-esc-"));
}

describe("escalate without a team config", () => {
  for (const to of ["head-of-ops", "dave@example.com", "second-line"]) {
    it(`--to ${to}: says no team config was found (exit 3), as the rota commands do`, async () => {
      const home = emptyHome();
      const r = await runCli(["escalate", "--to", to, "--dry-run"], {
        cwd: home,
        env: { HOME: home, OPSGENIE_API_KEY: "x" },
      });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(
        /^error: no team config found.* — run oncall config init, or pass --config PATH\n$/,
      );
      expect(r.stderr).not.toContain("not an escalation contact");
      expect(r.stdout).toBe("");
    });
  }
});

describe("escalate with a `me` that names nobody", () => {
  it("ONCALL_ME=zed: warns naming ONCALL_ME, pages without a sender", async () => {
    const r = await runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops", "--dry-run", "--json"], {
      env: { OPSGENIE_API_KEY: "test-default-api-key-0000", ONCALL_ME: "zed" },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: ONCALL_ME=zed: no such person in the config; .*\n$/);
    const plan = JSON.parse(r.stdout) as { request: { body: Record<string, unknown> } };
    expect(JSON.stringify(plan.request.body)).not.toContain("zed");
    expect(plan.request.body.message).toBe("Escalation to Dave Davies (Head of Technical Operations)");
  });

  it("the setting me = zed: warns naming the settings file and oncall config set me", async () => {
    const home = emptyHome();
    const xdg = join(home, "xdg");
    const set = await runCli(["config", "set", "me", "zed"], { env: { HOME: home, XDG_CONFIG_HOME: xdg } });
    expect(set.code).toBe(0);
    const r = await runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops", "--dry-run"], {
      env: { HOME: home, XDG_CONFIG_HOME: xdg, OPSGENIE_API_KEY: "test-default-api-key-0000" },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("me = zed (personal setting in ");
    expect(r.stderr).toContain("oncall config set me <id>");
    expect(r.stdout).toContain("Would page Dave Davies");
    expect(r.stdout).not.toContain("from zed");
  });

  it("a `me` that names someone still says who escalates", async () => {
    const r = await runCli(["escalate", "--config", CONFIG, "--to", "head-of-ops", "--dry-run"], {
      env: { OPSGENIE_API_KEY: "test-default-api-key-0000", ONCALL_ME: "alice" },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("from Alice Adams");
  });
});
