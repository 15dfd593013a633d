/** Preloaded (`node --import`) into the measured CLI run: reports the process's peak RSS, worker threads included. */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
