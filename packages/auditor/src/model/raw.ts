import type { LogEvidence } from './flows.ts';
import type { Origin } from './inventory.ts';

/** One Azure resource as ARM (or the CLI/SDK, flattened) returns it, and where it was read. */
export interface RawResource {
  body: Record<string, unknown>;
  origin: Origin;
}

/** Input that could not be used: a file that is not JSON, a resource without an id, … */
export interface InputError {
  file?: string;
  line?: number;
  column?: number;
  resourceId?: string;
  message: string;
}

/** What a collector hands to `normalize`: the same shape for files and for live Azure. */
export interface CollectedResources {
  resources: RawResource[];
  errors: InputError[];
  /** Files (or requests) read, for the report's scope. */
  sourcesRead: string[];
  /** Firewall log evidence read with the resources (a snapshot's Log Analytics evidence). */
  logEvidence?: LogEvidence[];
  /** Input read with a doubt that does not make it unreadable (bytes not valid UTF-8): said, not counted as missing. */
  warnings?: InputError[];
}
