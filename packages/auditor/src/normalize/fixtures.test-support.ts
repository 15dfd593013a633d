/**
 * Ids of the resources in fixtures/arm/{rest,cli,sdk} (the same environment in the three shapes), for
 * the normalize tests. Test support only: no I/O here, the tests read the fixtures with collectFiles.
 */
export const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
export const NET = `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
export const CLUSTERS = `${SUB}/resourceGroups/rg-aks/providers`;
export const HUB = `${NET}/virtualNetworks/vnet-hub`;
export const SPOKE = `${NET}/virtualNetworks/vnet-spoke`;
export const FW_SUBNET = `${HUB}/subnets/AzureFirewallSubnet`;
export const FW_MGMT_SUBNET = `${HUB}/subnets/AzureFirewallManagementSubnet`;
export const SNET_AKS = `${SPOKE}/subnets/snet-aks`;
export const SNET_PODS = `${SPOKE}/subnets/snet-pods`;
export const SNET_GPU = `${SPOKE}/subnets/snet-gpu`;
export const SNET_ARO_MASTER = `${SPOKE}/subnets/snet-aro-master`;
export const SNET_ARO_WORKER = `${SPOKE}/subnets/snet-aro-worker`;
export const RT = `${NET}/routeTables/rt-spoke`;
export const RT_UNUSED = `${NET}/routeTables/rt-unused`;
export const NSG = `${NET}/networkSecurityGroups/nsg-aks`;
export const NATGW = `${NET}/natGateways/nat-fw`;
export const PIP_FW = `${NET}/publicIPAddresses/pip-fw-1`;
export const PIP_MGMT = `${NET}/publicIPAddresses/pip-fw-mgmt`;
export const PIP_NAT = `${NET}/publicIPAddresses/pip-nat-1`;
export const PREFIX = `${NET}/publicIPPrefixes/ippre-nat`;
export const IPG = `${NET}/ipGroups/ipg-aks`;
export const FW = `${NET}/azureFirewalls/fw-hub`;
export const FW_IPCONF = `${FW}/azureFirewallIpConfigurations/ipconfig1`;
export const FW_MGMTCONF = `${FW}/azureFirewallIpConfigurations/mgmt`;
export const FW_CLASSIC = `${NET}/azureFirewalls/fw-classic`;
export const FW_VWAN = `${NET}/azureFirewalls/fw-vwan`;
export const VHUB = `${NET}/virtualHubs/vhub-weu`;
export const POL_BASE = `${NET}/firewallPolicies/policy-base`;
export const POL_CHILD = `${NET}/firewallPolicies/policy-child`;
export const RCG_BASE = `${POL_BASE}/ruleCollectionGroups/rcg-base`;
export const RCG_AKS = `${POL_CHILD}/ruleCollectionGroups/rcg-aks`;
export const RCG_NAT = `${POL_CHILD}/ruleCollectionGroups/rcg-nat`;
export const AKS_PROD = `${CLUSTERS}/Microsoft.ContainerService/managedClusters/aks-prod`;
export const AKS_DEV = `${CLUSTERS}/Microsoft.ContainerService/managedClusters/aks-dev`;
export const ARO = `${CLUSTERS}/Microsoft.RedHatOpenShift/openShiftClusters/aro-prod`;
export const ARC = `${SUB}/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/arc-edge`;
export const LAW = `${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-aks`;

/** fixtures/arm, from this folder (packages/auditor/src/normalize). */
export const FIXTURES_RELATIVE = '../../../../fixtures/arm';
