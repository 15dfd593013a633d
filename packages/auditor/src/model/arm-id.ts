/**
 * ARM resource ids: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/
 * {namespace}/{type}/{name}`, a child resource adding `/{childType}/{childName}` pairs, an extension
 * resource adding `/providers/{namespace}/{type}/{name}` to its scope's id (the forms of the
 * resourceId and extensionResourceId template functions). Segment keywords compare case-insensitively,
 * as ARM does; values keep their spelling.
 */
export interface ArmId {
  subscriptionId: string;
  resourceGroup?: string;
  /** The provider namespace of the resource itself (of the extension, for an extension resource). */
  provider?: string;
  /** The full type: `Microsoft.Network/azureFirewalls`, `Microsoft.Network/virtualNetworks/subnets`. */
  type?: string;
  /** The resource's own name (a child's last name). */
  name?: string;
}

/** The parts of an ARM id; undefined for text that does not start `/subscriptions/{id}`. */
export function parseArmId(id: string): ArmId | undefined {
  const parts = id.trim().replace(/\/+$/, '').split('/');
  const subscriptionId = parts[2];
  if (parts[0] !== '' || parts[1]?.toLowerCase() !== 'subscriptions' || !subscriptionId) return undefined;
  const parsed: ArmId = { subscriptionId };
  let i = 3;
  if (parts[i]?.toLowerCase() === 'resourcegroups' && parts[i + 1]) {
    parsed.resourceGroup = parts[i + 1];
    i += 2;
  }
  let types: string[] = [];
  while (i < parts.length) {
    const segment = parts[i] ?? '';
    if (segment.toLowerCase() === 'providers' && parts[i + 1]) {
      parsed.provider = parts[i + 1];
      delete parsed.name;
      types = [];
      i += 2;
      continue;
    }
    types.push(segment);
    const name = parts[i + 1];
    if (name !== undefined && name !== '') parsed.name = name;
    else delete parsed.name;
    i += 2;
  }
  if (parsed.provider !== undefined && types.length > 0) parsed.type = [parsed.provider, ...types].join('/');
  return parsed;
}
