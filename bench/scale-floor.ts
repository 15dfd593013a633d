/**
 * The floor of the scale benchmark, run as its own process: what any audit of the tenant must do at
 * least — read every input file, parse it, and write as many bytes of JSON as it read.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [input, out] = process.argv.slice(2);
if (!input || !out) throw new Error('usage: scale-floor.ts INPUT_DIR OUT_FILE');
const documents = readdirSync(input).map((file) => JSON.parse(readFileSync(path.join(input, file), 'utf8')));
writeFileSync(out, JSON.stringify(documents, null, 2));
