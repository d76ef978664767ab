import { Chalk, type ChalkInstance } from "chalk";

/** A chalk that colours only when the stream's colour decision says so. */
export function painter(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}
