import type * as z from "zod/mini";
import { issueMessage } from "../adapters/config-issues";

/** A zod issue of a command's flags, as one line naming the flag: `--person: must not be empty`. */
export function flagIssue(raw: unknown): string {
  const issue = raw as z.core.$ZodIssue;
  const key = issue.path[0];
  const flag =
    typeof key === "string" ? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : "an option";
  const what =
    issue.code === "too_small" && issue.origin === "string" && Number(issue.minimum) === 1
      ? "must not be empty"
      : issueMessage(issue);
  return `${flag}: ${what} (see --help)`;
}
