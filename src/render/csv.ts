/** One CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(v: string | number | boolean | null): string {
  if (v === null) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: (string | number | boolean | null)[]): string {
  return `${values.map(csvField).join(",")}\n`;
}
