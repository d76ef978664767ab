import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeOpsgenie, fakeNet } from "../support/fake-opsgenie";
import { fakeSignals } from "../support/fake-signals";
import { runCli } from "./run";

// The deadline and Ctrl-C scenarios of test/e2e/escalate.binary.test.ts, in-process: the deadline
// is the fake clock's, moved on by the test once the fake server holds the request; Ctrl-C is a
// fake signal. None of them waits on the real clock.
const CONFIG = join(__dirname, "..", "..", "examples", "oncall.config.yaml");
const KEY = "test-default-api-key-0000";
const fake = new FakeOpsgenie();

beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

function escalate(args: string[], net = fakeNet(), signals = fakeSignals()) {
  return runCli(["escalate", "--config", CONFIG, ...args], {
    env: { ONCALL_OPSGENIE_URL: fake.url, OPSGENIE_API_KEY: KEY, ONCALL_ME: "alice" },
    net,
    signals,
  });
}

describe("escalate's deadline runs on the injected clock", () => {
  it("a server slower than the deadline: exit 6 when the fake clock passes it, with the alias and the phone", async () => {
    fake.postFaults = [{ kind: "hold" }];
    const net = fakeNet();
    const started = Date.now();
    const run = escalate(["--to", "head-of-ops", "--alert", "a4", "--timeout", "30"], net);
    await fake.whenHeld();
    net.advance(30_000);
    const r = await run;
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /could not reach Opsgenie .* within 30 s .*alias oncall-escalation:dave:a4.*check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("the clock short of the deadline does not end the request: the held answer arrives and pages", async () => {
    fake.postFaults = [{ kind: "hold" }];
    const net = fakeNet();
    const run = escalate(["--to", "head-of-ops", "--alert", "a5", "--timeout", "30"], net);
    await fake.whenHeld();
    net.advance(20_000);
    // with 10 s left the deadline has not fired: the held request is dropped, and the retry answered
    fake.release();
    const r = await run;
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(fake.alerts.size).toBe(1);
  });

  it("202 headers, then the body stalls: exit 6 at the deadline, it may have been sent", async () => {
    fake.postFaults = [{ kind: "stall", status: 202 }];
    const net = fakeNet();
    const run = escalate(["--to", "head-of-ops", "--alert", "st", "--timeout", "30"], net);
    await net.answered();
    net.advance(30_000);
    const r = await run;
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(
      /Opsgenie accepted the alert \(HTTP 202\) but its answer was cut off \(out of time\) \(alias oncall-escalation:dave:st\): it may have been sent, so check Opsgenie before paging again; call Dave Davies on \+44 7700 900456/,
    );
  });
});

describe("Ctrl-C reaches escalate through the context's signals", () => {
  it("while the 202's body stalls: exit 130 with the alias, and nothing listens afterwards", async () => {
    fake.postFaults = [{ kind: "stall", status: 202 }];
    const net = fakeNet();
    const signals = fakeSignals();
    const run = escalate(["--to", "head-of-ops", "--alert", "c0", "--timeout", "20"], net, signals);
    await net.answered();
    expect(signals.listening).toBe(true);
    signals.interrupt("SIGINT");
    const r = await run;
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(
      /interrupted after the request was sent \(request \(no id yet\), alias oncall-escalation:dave:c0\): check Opsgenie before paging again; call Dave Davies/,
    );
    expect(signals.died).toEqual([]);
    expect(signals.listening).toBe(false);
  });

  it("SIGTERM while waiting for confirmation: exit 143 with the request id and alias", async () => {
    fake.statusFaults = [{ kind: "hold" }];
    const signals = fakeSignals();
    const run = escalate(["--to", "head-of-ops", "--alert", "c1", "--timeout", "20"], fakeNet(), signals);
    await fake.whenHeld();
    signals.interrupt("SIGTERM");
    const r = await run;
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(
      /interrupted after the request was sent \(request [0-9a-f-]{36}, alias oncall-escalation:dave:c1\): check Opsgenie before paging again/,
    );
    expect(r.stderr).not.toContain(KEY);
    expect(signals.died).toEqual([]);
  });

  it("a second Ctrl-C is not taken: the program dies of it, as the system would", async () => {
    fake.statusFaults = [{ kind: "hold" }];
    const signals = fakeSignals();
    const run = escalate(["--to", "head-of-ops", "--alert", "c2", "--timeout", "20"], fakeNet(), signals);
    await fake.whenHeld();
    signals.interrupt("SIGINT");
    signals.interrupt("SIGINT");
    expect(signals.died).toEqual(["SIGINT"]);
    expect((await run).code).toBe(130);
  });

  it("a closed terminal (SIGHUP) is not taken either: the program dies of it", async () => {
    fake.statusFaults = [{ kind: "hold" }];
    const signals = fakeSignals();
    const run = escalate(["--to", "head-of-ops", "--alert", "c3", "--timeout", "20"], fakeNet(), signals);
    await fake.whenHeld();
    signals.interrupt("SIGHUP");
    expect(signals.died).toEqual(["SIGHUP"]);
    // the fake process lives on: let the held poll go, and the run ends as it would have
    fake.release();
    await run;
  });
});
