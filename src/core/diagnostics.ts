/**
 * A warning core gives as data. Core does not know the flags a command was run with, so the
 * command layer words these (see src/commands/toil/notices.ts); `plainWording` serves callers
 * without flags.
 */
export type Notice =
  /** inferring time worked was asked for, and no log read has close times */
  | { code: "infer-no-close-times" }
  /** inferring time worked was asked for; this many windows' alerts have no close time */
  | { code: "infer-no-close"; windows: number }
  /** the last close of a window's alerts came too long after it began to be the work's end */
  | { code: "infer-too-long"; alert: string; person: string; after: string }
  /** the last close came once support hours had begun */
  | { code: "infer-in-hours"; alert: string; person: string; closed: string; windowStart: string };

export type Wording = (notice: Notice) => string;

/** The words of a notice that name no flag. */
function plainWording(n: Notice): string {
  switch (n.code) {
    case "infer-no-close-times":
      return "inferring time worked: the log has no close times, so no time worked can be inferred";
    case "infer-no-close":
      return `inferring time worked: ${noCloseText(n.windows)}`;
    case "infer-too-long":
      return `inferring time worked: ${tooLongText(n)} (give it as ${n.person}:${n.alert}=DURATION)`;
    case "infer-in-hours":
      return `inferring time worked: ${inHoursText(n)} (give it as ${n.person}:${n.alert}=DURATION)`;
  }
}

/** What a notice says, but for how it names the flags: shared by every wording. */
export function noCloseText(windows: number): string {
  return `${windows} window${windows === 1 ? " has" : "s have"} no close time in the log, so no extra time was inferred for ${windows === 1 ? "it" : "them"}`;
}

export function tooLongText(n: { alert: string; person: string; after: string }): string {
  return `alert ${n.alert} was closed ${n.after} after ${n.person}'s window began, over 12 hours: no time worked inferred for that window`;
}

export function inHoursText(n: {
  alert: string;
  person: string;
  closed: string;
  windowStart: string;
}): string {
  return `alert ${n.alert} was closed ${n.closed}, after support hours had begun (closed by whoever came in?): no time worked inferred for ${n.person}'s window from ${n.windowStart}`;
}

/**
 * What a run noticed on its way, collected in one place in the order noticed and passed along the
 * stages, instead of lists returned by each stage and merged at the end. Warnings are said on
 * stderr and listed in --json, in this order.
 */
export class Diagnostics {
  readonly warnings: string[] = [];

  constructor(private readonly wording: Wording = plainWording) {}

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** A warning given as data, worded by whoever made this collector. */
  notice(notice: Notice): void {
    this.warnings.push(this.wording(notice));
  }

  /** Many at once: a loop of warn(), as a spread of an input-sized list overflows the call stack. */
  warnAll(messages: Iterable<string>): void {
    for (const m of messages) this.warnings.push(m);
  }
}
