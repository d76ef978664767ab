import { IANAZone } from "luxon";
import type { OffsetSource } from "./zone";

/** Offsets from luxon (the IANA database through Intl): exact for any zone, any process. */
export function luxonOffsets(name: string): OffsetSource {
  if (!IANAZone.isValidZone(name)) throw new RangeError(`unknown time zone "${name}"`);
  const zone = IANAZone.create(name);
  return (ms) => zone.offset(ms);
}
