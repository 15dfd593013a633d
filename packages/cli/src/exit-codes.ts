/** The command's exit codes, documented in README.md. */
export const EXIT = {
  /** No finding at or above --fail-on, and everything was read. */
  clean: 0,
  /** At least one failing finding at or above --fail-on. */
  findings: 1,
  /** Usage error, or input that cannot be read at all (missing directory). */
  usage: 2,
  /** No finding at or above --fail-on, but the audit is incomplete: some input could not be read. Not a clean result. */
  incomplete: 3,
  /**
   * An error nobody planned for (a bug, a report that could not be written): no verdict can be trusted
   * as complete. The reports that could be written were; stderr says what failed in one line.
   */
  internal: 4,
} as const;
