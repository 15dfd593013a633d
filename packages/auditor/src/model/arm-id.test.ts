import { describe, expect, it } from 'vitest';
import { parseArmId } from './arm-id.ts';

// The id forms of the ARM template functions resourceId and extensionResourceId:
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource#resourceid
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';

describe('parseArmId', () => {
  it('reads a resource group resource: subscription, group, provider, type and name', () => {
    expect(parseArmId(`${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/afw-hub`)).toEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-hub',
      provider: 'Microsoft.Network',
      type: 'Microsoft.Network/azureFirewalls',
      name: 'afw-hub',
    });
  });

  it('reads a child resource: the type joins the parent type, the name is the child’s', () => {
    expect(
      parseArmId(
        `${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-spoke/subnets/snet-aks`,
      ),
    ).toEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-net',
      provider: 'Microsoft.Network',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      name: 'snet-aks',
    });
  });

  it('reads an extension resource as itself, keeping its scope’s subscription and group', () => {
    expect(
      parseArmId(
        `${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/afw-hub/providers/Microsoft.Insights/diagnosticSettings/to-law`,
      ),
    ).toEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg-hub',
      provider: 'Microsoft.Insights',
      type: 'Microsoft.Insights/diagnosticSettings',
      name: 'to-law',
    });
  });

  it('compares the keywords case-insensitively and keeps the values’ spelling; ignores a trailing slash', () => {
    expect(
      parseArmId(`/SUBSCRIPTIONS/Sub-A/RESOURCEGROUPS/RG-Hub/PROVIDERS/microsoft.network/ipGroups/IPG-1/`),
    ).toEqual({
      subscriptionId: 'Sub-A',
      resourceGroup: 'RG-Hub',
      provider: 'microsoft.network',
      type: 'microsoft.network/ipGroups',
      name: 'IPG-1',
    });
  });

  it('reads a subscription-level resource and a bare subscription or resource group', () => {
    expect(parseArmId(`${SUB}/providers/Microsoft.Network/serviceTags/Public`)).toEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      provider: 'Microsoft.Network',
      type: 'Microsoft.Network/serviceTags',
      name: 'Public',
    });
    expect(parseArmId(SUB)).toEqual({ subscriptionId: '00000000-0000-0000-0000-000000000001' });
    expect(parseArmId(`${SUB}/resourceGroups/rg`)).toEqual({
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: 'rg',
    });
  });

  it('is undefined for what is not an ARM id', () => {
    for (const text of ['', '/', 'afw-hub', 'subscriptions/x/resourceGroups/rg', '/subscriptions/', '/tenants/x']) {
      expect(parseArmId(text), text).toBeUndefined();
    }
  });
});
