// cli-table3's own measure (string-width without colour codes), which it pads and cuts cells by:
// the widths a table is fitted with must be counted the same way.
declare module "cli-table3/src/utils.js" {
  export function strlen(text: string): number;
}
