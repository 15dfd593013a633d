/**
 * The credential of a live audit: DefaultAzureCredential, so whatever the user is signed in with
 * works (environment service principal, workload identity, managed identity, Azure CLI, Azure
 * PowerShell, azd) and the tool handles no secret itself. AZURE_TOKEN_CREDENTIALS narrows the chain
 * to one credential (`AzureCliCredential`, `ManagedIdentityCredential`, …) or `dev`/`prod`.
 */
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import type { CloudEndpoints } from './clouds.ts';

export type { TokenCredential } from '@azure/core-auth';

export function defaultCredential(endpoints: CloudEndpoints, tenantId?: string): TokenCredential {
  return new DefaultAzureCredential({
    authorityHost: endpoints.authorityHost,
    ...(tenantId && { tenantId }),
  });
}
