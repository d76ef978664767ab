import { describe, expect, it } from "vitest";
import { HashPairSet, KeptIndex } from "../../src/core/intake";
import { alert } from "../helpers";

// The intake's typed tables hand their memory back as they grow and once reading is over (each
// old buffer is transferred away, so the next young-generation collection frees it): what they
// hold must be intact after every growth.

const slotsOf = (t: object): Int32Array => (t as unknown as { slots: Int32Array }).slots;

describe("the intake's tables", () => {
  it("a hash-pair set keeps every pair across growths, and frees each old table", () => {
    const set = new HashPairSet(4);
    const first = slotsOf(set);
    for (let i = 0; i < 5000; i++) set.add(i * 7919, i ^ 0x5bd1e995);
    expect(set.size).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(set.has(i * 7919, i ^ 0x5bd1e995)).toBe(true);
    expect(set.has(1, 1)).toBe(false);
    expect(first.buffer.byteLength).toBe(0);
    const last = slotsOf(set);
    set.release();
    expect(last.buffer.byteLength).toBe(0);
  });

  it("a kept index finds every alert across growths, and frees each old table", () => {
    const index = new KeptIndex(4);
    const first = slotsOf(index);
    const alerts = Array.from({ length: 3000 }, (_, i) => alert("2026-11-07 02:00", { id: `k-${i}` }));
    for (let i = 0; i < alerts.length; i++) index.add(i % 97, i, i);
    for (let i = 0; i < alerts.length; i++) expect(index.find(i % 97, i, alerts[i]!.id, alerts)).toBe(i);
    expect(index.find(3, 3, "not-kept", alerts)).toBe(-1);
    expect(first.buffer.byteLength).toBe(0);
  });
});
