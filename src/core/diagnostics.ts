/**
 * What a run noticed on its way, collected in one place in the order noticed and passed along the
 * stages, instead of lists returned by each stage and merged at the end. Warnings are said on
 * stderr and listed in --json, in this order.
 */
export class Diagnostics {
  readonly warnings: string[] = [];

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** Many at once: a loop of warn(), as a spread of an input-sized list overflows the call stack. */
  warnAll(messages: Iterable<string>): void {
    for (const m of messages) this.warnings.push(m);
  }
}
