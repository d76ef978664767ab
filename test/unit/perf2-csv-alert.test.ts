import { describe, expect, it } from "vitest";
import { type Alert, mergeAlert } from "../../src/core/alert";
import { readExportText } from "../support/read-export";

// The Opsgenie CSV reader's alerts share what the export never carries (ack and close times,
// woken, worked) instead of holding it: it must read as null, and a merge must still fill it in
// on the one alert it merges into.

const read = readExportText;

const EXPORT = [
  "Alert ID,Alias,TinyID,Message,Status,Acknowledged,CreatedAt,UpdatedAt,Owner,Teams",
  "a-1,check-1,11,Site down,closed,true,1762136040000,1762137040000,alice@example.com,Platform",
  "a-2,check-1,12,Site down,open,false,1762136340000,1762136340000,bob@example.com,Platform",
].join("\n");

describe("Opsgenie CSV alerts", () => {
  it("read what the export lacks as null, and the rest as given", async () => {
    const [a, b] = await read(EXPORT);
    expect(a).toMatchObject({
      id: "a-1",
      tinyId: "11",
      alias: "check-1",
      createdAt: 1762136040000,
      ackAt: null,
      closedAt: null,
      woken: null,
      workedMinutes: null,
      status: "closed",
      updatedAt: 1762137040000,
      row: 2,
    });
    expect([b!.alias, b!.ackAt, b!.owner]).toEqual(["check-1", null, "bob@example.com"]);
  });

  it("a merged copy's ack and close times fill the one alert merged into", async () => {
    const [a, b] = await read(EXPORT);
    // The tiny id, the last update and the fields rows share are accessors on the prototype (kept
    // compactly): a spread copies own fields only, so they are named.
    const later: Alert = {
      ...a!,
      tinyId: a!.tinyId,
      updatedAt: a!.updatedAt,
      priority: a!.priority,
      tags: a!.tags,
      teams: a!.teams,
      owner: a!.owner,
      acknowledged: a!.acknowledged,
      acknowledgedBy: a!.acknowledgedBy,
      status: a!.status,
      file: a!.file,
      ackAt: a!.createdAt + 60_000,
      closedAt: a!.createdAt + 600_000,
      woken: true,
      workedMinutes: null,
    };
    expect(mergeAlert(a!, later)).toEqual([]);
    expect([a!.ackAt, a!.closedAt, a!.woken]).toEqual([a!.createdAt + 60_000, a!.createdAt + 600_000, true]);
    expect([b!.ackAt, b!.closedAt, b!.woken]).toEqual([null, null, null]);
  });

  it("rows alike share their owner, priority, status and teams; a merge into one leaves the others as they were", async () => {
    const text = [
      "Alert ID,Alias,TinyID,Message,Status,Acknowledged,CreatedAt,Priority,Owner,Teams",
      "a-1,check-1,11,Site down,closed,true,1762136040000,,alice@example.com,Platform",
      "a-2,check-2,12,Disk full,closed,true,1762136340000,,alice@example.com,Platform",
      "a-3,check-3,13,Disk full,closed,false,1762136640000,,alice@example.com,Platform",
      "a-1,check-1,11,Site down,closed,true,1762136040000,P1,alice@example.com,Platform",
    ].join("\n");
    const [a, b, c, again] = await read(text);
    // the same teams list for rows alike (interned), read through the alert as before
    expect(a!.teams).toBe(b!.teams);
    expect([a!.priority, b!.priority, c!.priority]).toEqual([null, null, null]);
    expect([a!.acknowledged, b!.acknowledged, c!.acknowledged]).toEqual([true, true, false]);
    // the later copy fills in a's priority; b, which shared a's fields, keeps its own
    expect(mergeAlert(a!, again!)).toEqual([]);
    expect([a!.priority, b!.priority, c!.priority]).toEqual(["P1", null, null]);
    expect([a!.owner, b!.owner, a!.file === b!.file]).toEqual([
      "alice@example.com",
      "alice@example.com",
      true,
    ]);
  });
});
