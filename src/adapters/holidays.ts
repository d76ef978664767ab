import type { HolidayCheck } from "../core/support-hours";
import { HOLIDAY_TABLE, HOLIDAY_TABLE_YEARS } from "./holiday-table";

const STATES: Record<string, string> = {
  "england-and-wales": "ENG",
  scotland: "SCT",
  "northern-ireland": "NIR",
};

/**
 * Public holidays of a UK division (substitute days included) plus the team's closure days. Years in
 * the generated table cost nothing to load; others come from date-holidays, imported only then.
 */
export async function loadHolidays(
  division: string,
  extraHolidays: readonly string[],
  years: Iterable<number>,
): Promise<HolidayCheck> {
  const dates = new Set(extraHolidays);
  if (division !== "none") {
    for (const d of (HOLIDAY_TABLE[division] ?? "").split(" ")) if (d) dates.add(d);
    const outside = [...years].filter((y) => y < HOLIDAY_TABLE_YEARS.first || y > HOLIDAY_TABLE_YEARS.last);
    if (outside.length > 0) {
      const { default: Holidays } = await import("date-holidays");
      const hd = new Holidays("GB", STATES[division] ?? "ENG", { types: ["public"] });
      for (const y of outside) {
        for (const h of hd.getHolidays(y) ?? []) if (h.type === "public") dates.add(h.date.slice(0, 10));
      }
    }
  }
  return (date) => dates.has(date);
}
