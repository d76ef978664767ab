import { type ConfigProblem, formatProblem } from "../adapters/config";
import { escapeText } from "./escape";

/** What `rota check` found in a config: problems and warnings, in the order they are listed. */
export interface RotaCheckResult {
  file: string;
  found: ConfigProblem[];
}

const strip = ({ line, path, message }: ConfigProblem) => ({ line, path, message });

/** The JSON document: problems and warnings apart. */
export function rotaCheckDoc({ file, found }: RotaCheckResult) {
  return {
    schemaVersion: 1,
    file,
    problems: found.filter((p) => p.severity === "error").map(strip),
    warnings: found.filter((p) => p.severity === "warning").map(strip),
  };
}

/** One line per problem or warning, as an editor lists them; "no problems found" when none fails. */
export function rotaCheckText({ file, found }: RotaCheckResult): string {
  let out = "";
  for (const p of found)
    out += `${escapeText(formatProblem(file, p.severity === "warning" ? { ...p, message: `warning: ${p.message}` } : p))}\n`;
  if (!found.some((p) => p.severity === "error")) {
    const n = found.length;
    out += `${escapeText(file)}: no problems found${n ? ` (${n} warning${n === 1 ? "" : "s"})` : ""}\n`;
  }
  return out;
}
