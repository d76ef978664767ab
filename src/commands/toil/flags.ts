import type { FlagDeclaration } from "../define";

/** The flags `toil calc` and `toil export` share; toilFlagsSchema (./shared) checks their values. */
export const TOIL_FLAGS: readonly FlagDeclaration[] = [
  {
    long: "person",
    value: "id",
    description:
      "only this person's claims (an id, opsgenie username or email; me = $ONCALL_ME, else oncall config set me <id>)",
  },
  { long: "from", value: "date", description: "first local date of the period (inclusive), YYYY-MM-DD" },
  { long: "to", value: "date", description: "last local date of the period (inclusive), YYYY-MM-DD" },
  { long: "month", value: "YYYY-MM", description: "the period is this calendar month" },
  {
    long: "week",
    value: "date",
    valueOptional: true,
    description: "the period is the rota week (handover to handover) containing DATE, or now",
  },
  {
    long: "woken",
    value: "[person:]alert",
    description: "mark an alert as having woken you (repeatable)",
    repeatable: true,
  },
  {
    long: "awake",
    value: "[person:]alert",
    description: "mark an alert as received while awake (repeatable)",
    repeatable: true,
  },
  {
    long: "worked",
    value: "[person:]alert=duration",
    description: "time worked on an alert's window: 45m, 1h05m, 1:30, 1.5 (repeatable)",
    repeatable: true,
  },
  { long: "infer-worked", description: "take time worked from the log: window start to the last close" },
  { long: "no-journal", description: "ignore your journal of answers (oncall toil journal)" },
  {
    long: "answers",
    value: "file",
    description: "apply someone else's answers: their oncall toil journal --json export (repeatable)",
    repeatable: true,
  },
  {
    long: "new",
    description: "only claims not yet logged in BreatheHR, or changed since (see oncall toil ledger)",
  },
  { long: "no-ledger", description: "ignore your ledger of submitted claims: no status, every claim shown" },
  { long: "save", description: "keep the --woken, --awake and --worked given in your journal" },
  {
    long: "lenient",
    description: "turn unreadable rows into warnings (listed as unreadable) instead of failing",
  },
];
