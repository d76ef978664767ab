import { describe, expect, it } from "vitest";
import { homeDir, tempDir } from "../../src/runtime/home";

describe("the home and temporary directories, without loading node:os unless needed", () => {
  it("HOME when set; the system's record of the home when not", async () => {
    expect(homeDir({ HOME: "/home/alice" })).toBe("/home/alice");
    const { homedir } = await import("node:os");
    expect(homeDir({})).toBe(homedir());
  });

  it("the temporary directory is os.tmpdir()", async () => {
    const { tmpdir } = await import("node:os");
    expect(tempDir()).toBe(tmpdir());
  });
});
