// The baseline of SPEC §8: a bare streaming parse of the export into header-keyed rows with papaparse.
import { createReadStream } from "node:fs";
import Papa from "papaparse";

let rows = 0;
await new Promise((resolve, reject) => {
  Papa.parse(createReadStream(process.argv[2]), {
    header: true,
    skipEmptyLines: true,
    step: () => {
      rows++;
    },
    complete: resolve,
    error: reject,
  });
});
process.stderr.write(`papaparse: ${rows} rows\n`);
