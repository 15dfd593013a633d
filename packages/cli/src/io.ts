import type { AzureRequestPolicy, TokenCredential } from '@aro-aks-audit/auditor/azure';

/** Everything the command touches of its process, so tests can run it in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr as it is, for the tool's own terminal control (a progress line rewritten in place); stderr when absent. */
  stderrRaw?: (text: string) => void;
  isTty: boolean;
  now: () => Date;
  /** Whether stderr is a terminal: live progress is shown only there. */
  stderrIsTty?: boolean;
  /** The environment variables (sign-in advice reads AZURE_TOKEN_CREDENTIALS); process.env when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The Azure credential; DefaultAzureCredential when absent (tests pass one that the emulator accepts). */
  azureCredential?: TokenCredential;
  /** Retries, timeouts and concurrency of Azure requests; the SDK's defaults when absent (tests shorten them). */
  azureRequestPolicy?: AzureRequestPolicy;
}
