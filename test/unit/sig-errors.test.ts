import { describe, expect, it } from "vitest";
import { inputError, OncallError } from "../../src/errors";

describe("OncallError is cheap to make", () => {
  it("captures no stack frames (never shown; --lenient makes one per unreadable row)", () => {
    const e = inputError("stdin:12: no CreatedAt", "fix the row");
    expect(e).toBeInstanceOf(OncallError);
    expect(e.stack ?? "").not.toMatch(/\n\s+at /);
    expect(e.message).toBe("stdin:12: no CreatedAt");
    expect(e.hint).toBe("fix the row");
    expect(e.kind).toBe("input");
  });

  it("leaves other errors' stacks as they were", () => {
    const before = Error.stackTraceLimit;
    inputError("x");
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("bug").stack).toMatch(/\n\s+at /);
  });
});
