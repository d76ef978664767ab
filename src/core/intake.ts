import { type Alert, alertLabel, mergeAlert, type Skipped } from "./alert";
import type { Attributor } from "./attribution";

const OTHER = 0;

/**
 * Takes alerts as they are read: de-duplicates by id across files (SPEC §3), merges copies, and —
 * when one person's claims are wanted — counts alerts that are surely someone else's instead of
 * keeping them, so a million-row export fits in memory.
 */
export class AlertIntake {
  readonly alerts: Alert[] = [];
  readonly skipped: Skipped[] = [];
  readonly warnings: string[] = [];
  otherPerson = 0;
  private readonly seen = new Map<string, Alert | typeof OTHER>();
  private readonly conflicts = new Map<string, Set<string>>();

  constructor(
    private readonly attributor: Attributor,
    private readonly person: string | null,
  ) {}

  /** Returns true when the alert is kept. */
  add(alert: Alert): boolean {
    const first = this.seen.get(alert.id);
    if (first !== undefined) {
      const label = typeof first === "object" ? alertLabel(first) : alertLabel(alert);
      const where = typeof first === "object" ? first.source : "an earlier copy";
      this.skipped.push({
        alert: label,
        id: alert.id,
        reason: "duplicate",
        detail: `${alert.source} repeats ${where}`,
      });
      if (typeof first === "object") {
        const fields = mergeAlert(first, alert);
        if (fields.length > 0) {
          let set = this.conflicts.get(alert.id);
          if (!set) {
            set = new Set();
            this.conflicts.set(alert.id, set);
          }
          for (const f of fields) set.add(f);
        }
      }
      return false;
    }
    if (this.person !== null && this.attributor.isFinal(alert)) {
      const result = this.attributor.attribute(alert);
      if ("credits" in result && !result.credits.some((c) => c.person === this.person)) {
        this.seen.set(alert.id, OTHER);
        this.otherPerson++;
        return false;
      }
    }
    this.seen.set(alert.id, alert);
    this.alerts.push(alert);
    return true;
  }

  unreadable(label: string, id: string, detail: string): void {
    this.skipped.push({ alert: label, id, reason: "unreadable", detail });
  }

  /** One warning per alert whose copies disagree; the first file's values are kept. */
  conflictWarnings(): string[] {
    const out: string[] = [];
    for (const [id, fields] of this.conflicts) {
      const a = this.seen.get(id);
      const label = typeof a === "object" ? alertLabel(a) : id;
      const where = typeof a === "object" ? a.file : "the first file";
      out.push(`alert ${label}: copies differ in ${[...fields].join(", ")}; kept the values from ${where}`);
    }
    return out;
  }
}
