/** The few styles the renderers use. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  gray(s: string): string;
  red(s: string): string;
  green(s: string): string;
}

const same = (s: string) => s;
const PLAIN: Paint = { bold: same, dim: same, yellow: same, cyan: same, gray: same, red: same, green: same };

/** chalk when the stream takes colour; otherwise plain text, without loading chalk at all. */
export async function loadPaint(color: boolean): Promise<Paint> {
  if (!color) return PLAIN;
  const { Chalk } = await import("chalk");
  return new Chalk({ level: 1 });
}
