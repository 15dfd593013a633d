/**
 * Preloaded (`node --import`) into a measured run: reports the process's peak RSS and its CPU time,
 * worker threads included.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(
    2,
    `\nBENCH_MAX_RSS_KB=${usage.maxRSS}\nBENCH_CPU_USER_US=${usage.userCPUTime}\nBENCH_CPU_SYSTEM_US=${usage.systemCPUTime}\n`,
  );
});
