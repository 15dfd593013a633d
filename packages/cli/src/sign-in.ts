/**
 * What to say when a live audit cannot sign in to Azure: which ways were tried and why each gave no
 * token (DefaultAzureCredential's chain reports each one), then what to do — `az login`, a service
 * principal's AZURE_* variables, a managed or workload identity — rather than only "ChainedTokenCredential
 * authentication failed".
 */

/** The errors of each credential in the chain, when the error is the chain's aggregate. */
function attempts(cause: unknown): string[] {
  const errors = (cause as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => {
    const message = e instanceof Error ? e.message : String(e);
    // The first sentence says which credential and why; the rest is the SDK's troubleshooting link.
    return message.split('\n')[0]?.replace(/\s*To troubleshoot, visit \S+\.?$/, '') ?? message;
  });
}

export function describeSignInFailure(error: Error, env: Readonly<Record<string, string | undefined>>): string {
  const tried = attempts(error.cause);
  const narrowed = env.AZURE_TOKEN_CREDENTIALS;
  const lines = [
    `error: ${error.message}`,
    ...(tried.length > 0
      ? ['  Each way to sign in was tried; none gave a token:', ...tried.map((t) => `    - ${t}`)]
      : []),
    ...(narrowed
      ? [`  AZURE_TOKEN_CREDENTIALS=${narrowed} limits the ways tried to that one; unset it to try them all.`]
      : []),
    '  To sign in, use one of:',
    '    - the Azure CLI: az login (az login --tenant ID for another tenant), then run this again',
    '    - a service principal: AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) in the environment',
    '    - on Azure (VM, container, AKS): a managed identity (AZURE_CLIENT_ID names a user-assigned one) or workload identity',
    '  The identity needs Reader on the subscriptions audited. Without access, audit a snapshot someone took:',
    '  aro-aks-audit snapshot … --out DIR, then aro-aks-audit --input DIR/arm (README, "Audit your environment").',
  ];
  return `${lines.join('\n')}\n`;
}
