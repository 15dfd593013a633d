import type { Region } from './types.ts';

/*
 * Azure regions of the three clouds the catalog covers.
 *
 * Names and display names:
 *  - Azure public cloud: "Azure regions list", https://learn.microsoft.com/azure/reliability/regions-list
 *    (MicrosoftDocs/reliability-docs articles/reliability/regions-list.md, ms.date 09/23/2025), the "All" tab.
 *    Three ARM locations are not rows of that table but are returned by `az account list-locations`:
 *    swedensouth (named there only as Sweden Central's paired region), jioindiacentral and jioindiawest.
 *    Denmark East is listed as "coming soon".
 *  - Azure Government: the five regions of the Azure Government docs (US Gov Virginia, Texas, Arizona and the
 *    two DoD regions). The retired US Gov Iowa is left out.
 *  - Microsoft Azure operated by 21Vianet: https://learn.microsoft.com/azure/china/overview-regions
 *    (and https://docs.azure.cn/en-us/reliability/regions-list): China East/North 1–3.
 *
 * Short codes (`shortCode`, the `<region-short>` placeholder of Arc's `<region-short>.his.arc.azure.com`):
 * Microsoft publishes no complete table. Every code below is taken from a Microsoft source that ties it to one
 * region; regions without such a source have no shortCode (never guessed: `canadacentral` is `cc` and
 * `centralindia` is `pn`, which no naming rule would give).
 *  - [GW]  "Simplify network configuration requirements with Azure Arc gateway (preview)", ms.date 07/13/2025:
 *          "Uses short names, for example `eus` for East US."
 *  - [HCI] Azure/AzureStack-Tools, HCI/<Region>Endpoints/*-hci-endpoints.md (Microsoft's per-region Azure Local
 *          endpoint lists, 2024–2025): rows "`<code>.his.arc.azure.com` | For <Region> metadata and hybrid identity
 *          services" for East US (eus), West Europe (weu), Australia East (ae), Canada Central (cc), Central India
 *          (pn), Japan East (je), South Central US (scus) and Southeast Asia (sea).
 *  - [QS]  "Quickstart: Connect an existing Kubernetes cluster to Azure Arc", 2021 versions
 *          (MicrosoftDocs/azure-docs articles/azure-arc/kubernetes/quickstart-connect-cluster.md, e.g. ms.date
 *          05/25/2021; also in its localized copies): the network table lists the data-plane endpoints of the ten
 *          regions Arc then supported (`eastus, westeurope, westcentralus, southcentralus, southeastasia, uksouth,
 *          westus2, australiaeast, eastus2, northeurope`.dp.kubernetesconfiguration.azure.com) and, in the same
 *          order, the `his` endpoints (`eus, weu, wcus, scus, sea, uks, wus2, ae, eus2, ne`.his.arc.azure.com).
 *          The codes for West Central US, UK South, West US 2, East US 2 and North Europe come from that pairing only.
 * Azure Government and China have no `<region-short>` endpoint: their Arc docs list the fixed host
 * `usgv.his.arc.azure.us` and the wildcard `*.his.arc.azure.cn`.
 */
export const REGIONS: readonly Region[] = [
  // Azure public cloud
  { name: 'australiacentral', displayName: 'Australia Central', cloud: 'public' },
  { name: 'australiacentral2', displayName: 'Australia Central 2', cloud: 'public' },
  { name: 'australiaeast', displayName: 'Australia East', shortCode: 'ae', cloud: 'public' }, // [HCI] [QS]
  { name: 'australiasoutheast', displayName: 'Australia Southeast', cloud: 'public' },
  { name: 'austriaeast', displayName: 'Austria East', cloud: 'public' },
  { name: 'belgiumcentral', displayName: 'Belgium Central', cloud: 'public' },
  { name: 'brazilsouth', displayName: 'Brazil South', cloud: 'public' },
  { name: 'brazilsoutheast', displayName: 'Brazil Southeast', cloud: 'public' },
  { name: 'canadacentral', displayName: 'Canada Central', shortCode: 'cc', cloud: 'public' }, // [HCI]
  { name: 'canadaeast', displayName: 'Canada East', cloud: 'public' },
  { name: 'centralindia', displayName: 'Central India', shortCode: 'pn', cloud: 'public' }, // [HCI]
  { name: 'centralus', displayName: 'Central US', cloud: 'public' },
  { name: 'chilecentral', displayName: 'Chile Central', cloud: 'public' },
  { name: 'denmarkeast', displayName: 'Denmark East', cloud: 'public' },
  { name: 'eastasia', displayName: 'East Asia', cloud: 'public' },
  { name: 'eastus', displayName: 'East US', shortCode: 'eus', cloud: 'public' }, // [GW] [HCI] [QS]
  { name: 'eastus2', displayName: 'East US 2', shortCode: 'eus2', cloud: 'public' }, // [QS]
  { name: 'francecentral', displayName: 'France Central', cloud: 'public' },
  { name: 'francesouth', displayName: 'France South', cloud: 'public' },
  { name: 'germanynorth', displayName: 'Germany North', cloud: 'public' },
  { name: 'germanywestcentral', displayName: 'Germany West Central', cloud: 'public' },
  { name: 'indonesiacentral', displayName: 'Indonesia Central', cloud: 'public' },
  { name: 'israelcentral', displayName: 'Israel Central', cloud: 'public' },
  { name: 'italynorth', displayName: 'Italy North', cloud: 'public' },
  { name: 'japaneast', displayName: 'Japan East', shortCode: 'je', cloud: 'public' }, // [HCI]
  { name: 'japanwest', displayName: 'Japan West', cloud: 'public' },
  { name: 'jioindiacentral', displayName: 'Jio India Central', cloud: 'public' },
  { name: 'jioindiawest', displayName: 'Jio India West', cloud: 'public' },
  { name: 'koreacentral', displayName: 'Korea Central', cloud: 'public' },
  { name: 'koreasouth', displayName: 'Korea South', cloud: 'public' },
  { name: 'malaysiawest', displayName: 'Malaysia West', cloud: 'public' },
  { name: 'mexicocentral', displayName: 'Mexico Central', cloud: 'public' },
  { name: 'newzealandnorth', displayName: 'New Zealand North', cloud: 'public' },
  { name: 'northcentralus', displayName: 'North Central US', cloud: 'public' },
  { name: 'northeurope', displayName: 'North Europe', shortCode: 'ne', cloud: 'public' }, // [QS]
  { name: 'norwayeast', displayName: 'Norway East', cloud: 'public' },
  { name: 'norwaywest', displayName: 'Norway West', cloud: 'public' },
  { name: 'polandcentral', displayName: 'Poland Central', cloud: 'public' },
  { name: 'qatarcentral', displayName: 'Qatar Central', cloud: 'public' },
  { name: 'southafricanorth', displayName: 'South Africa North', cloud: 'public' },
  { name: 'southafricawest', displayName: 'South Africa West', cloud: 'public' },
  { name: 'southcentralus', displayName: 'South Central US', shortCode: 'scus', cloud: 'public' }, // [HCI] [QS]
  { name: 'southeastasia', displayName: 'Southeast Asia', shortCode: 'sea', cloud: 'public' }, // [HCI] [QS]
  { name: 'southindia', displayName: 'South India', cloud: 'public' },
  { name: 'spaincentral', displayName: 'Spain Central', cloud: 'public' },
  { name: 'swedencentral', displayName: 'Sweden Central', cloud: 'public' },
  { name: 'swedensouth', displayName: 'Sweden South', cloud: 'public' },
  { name: 'switzerlandnorth', displayName: 'Switzerland North', cloud: 'public' },
  { name: 'switzerlandwest', displayName: 'Switzerland West', cloud: 'public' },
  { name: 'uaecentral', displayName: 'UAE Central', cloud: 'public' },
  { name: 'uaenorth', displayName: 'UAE North', cloud: 'public' },
  { name: 'uksouth', displayName: 'UK South', shortCode: 'uks', cloud: 'public' }, // [QS]
  { name: 'ukwest', displayName: 'UK West', cloud: 'public' },
  { name: 'westcentralus', displayName: 'West Central US', shortCode: 'wcus', cloud: 'public' }, // [QS]
  { name: 'westeurope', displayName: 'West Europe', shortCode: 'weu', cloud: 'public' }, // [HCI] [QS]
  { name: 'westindia', displayName: 'West India', cloud: 'public' },
  { name: 'westus', displayName: 'West US', cloud: 'public' },
  { name: 'westus2', displayName: 'West US 2', shortCode: 'wus2', cloud: 'public' }, // [QS]
  { name: 'westus3', displayName: 'West US 3', cloud: 'public' },

  // Azure Government
  { name: 'usgovvirginia', displayName: 'US Gov Virginia', cloud: 'usgov' },
  { name: 'usgovtexas', displayName: 'US Gov Texas', cloud: 'usgov' },
  { name: 'usgovarizona', displayName: 'US Gov Arizona', cloud: 'usgov' },
  { name: 'usdodeast', displayName: 'US DoD East', cloud: 'usgov' },
  { name: 'usdodcentral', displayName: 'US DoD Central', cloud: 'usgov' },

  // Microsoft Azure operated by 21Vianet
  { name: 'chinaeast', displayName: 'China East', cloud: 'china' },
  { name: 'chinaeast2', displayName: 'China East 2', cloud: 'china' },
  { name: 'chinaeast3', displayName: 'China East 3', cloud: 'china' },
  { name: 'chinanorth', displayName: 'China North', cloud: 'china' },
  { name: 'chinanorth2', displayName: 'China North 2', cloud: 'china' },
  { name: 'chinanorth3', displayName: 'China North 3', cloud: 'china' },
];

const normalize = (name: string) => name.toLowerCase().replace(/\s+/g, '');

const BY_NAME = new Map<string, Region>();
for (const region of REGIONS) {
  BY_NAME.set(region.name, region);
  BY_NAME.set(normalize(region.displayName), region);
}

/**
 * The region with this ARM name or display name, compared case- and space-insensitively
 * (`East US`, `eastus` and `EASTUS` all find East US; `USGov Virginia` finds US Gov Virginia).
 */
export function regionByName(name: string): Region | undefined {
  const key = normalize(name);
  return key ? BY_NAME.get(key) : undefined;
}
