import type { HolidayCheck } from "../core/support-hours";
import {
  HOLIDAY_TABLE,
  HOLIDAY_TABLE_NAME_OF,
  HOLIDAY_TABLE_NAMES,
  HOLIDAY_TABLE_YEARS,
} from "./holiday-table";

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

/**
 * The names of the public holidays among these local dates, for the claims' reasons: from the
 * generated table in its years (loading date-holidays costs ~100 ms, and a year's export always
 * has some alert on a bank holiday), from date-holidays otherwise; a name it cannot give is
 * simply missing (the reason then says "a bank holiday").
 */
export async function holidayNames(division: string, dates: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wanted = new Set(dates);
  if (division === "none" || wanted.size === 0) return names;
  const table = HOLIDAY_TABLE[division];
  const nameOf = HOLIDAY_TABLE_NAME_OF[division];
  if (table !== undefined && nameOf !== undefined) {
    table.split(" ").forEach((date, i) => {
      if (wanted.has(date)) names.set(date, HOLIDAY_TABLE_NAMES[Number.parseInt(nameOf[i]!, 36)]!);
    });
  }
  const outside = new Set(
    [...wanted]
      .map((d) => Number(d.slice(0, 4)))
      .filter((y) => table === undefined || y < HOLIDAY_TABLE_YEARS.first || y > HOLIDAY_TABLE_YEARS.last),
  );
  try {
    if (outside.size > 0) {
      const { default: Holidays } = await import("date-holidays");
      const hd = new Holidays("GB", STATES[division] ?? "ENG", { types: ["public"] });
      for (const y of outside) {
        for (const h of hd.getHolidays(y) ?? []) {
          const date = h.date.slice(0, 10);
          if (h.type === "public" && wanted.has(date) && !names.has(date)) names.set(date, h.name);
        }
      }
    }
  } catch {
    // no names for those years: the reasons say "a bank holiday"
  }
  return names;
}
