import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isArmWhatIfResult, parseArmWhatIf, typeOfResourceId, unevaluatedExpressions } from './arm-what-if.ts';
import type { ChangeSet } from './types.ts';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg';
const TABLE = `${RG}/providers/Microsoft.Network/routeTables/rt`;
const STORAGE = `${RG}/providers/Microsoft.Storage/storageAccounts/st`;

const parsed = (doc: Record<string, unknown>): ChangeSet => {
  const result = parseArmWhatIf(doc, 'w.json');
  if ('error' in result) throw new Error(result.error);
  return result;
};

describe('ARM what-if results', () => {
  it("reads the REST reference's example (Deployments_WhatIf, 2025-04-01): a Modify and a Create put their after", () => {
    const example = JSON.parse(
      readFileSync(
        path.join(REPO, 'fixtures/what-if/azure-rest-api-specs/PostDeploymentWhatIfOnResourceGroup.json'),
        'utf8',
      ),
    );
    const body = example.responses['200'].body;
    expect(isArmWhatIfResult(body)).toBe(true);
    const set = parsed(body);
    expect(set.errors).toEqual([]);
    expect(
      set.changes.map((c) => [c.changeType, c.resourceId.split('/').at(-1), c.operations.map((o) => o.op)]),
    ).toEqual([
      ['Modify', 'myExistingIdentity', ['put']],
      ['Create', 'myNewIdentity', ['put']],
    ]);
    expect(set.changes[0]?.source).toBe('w.json /properties/changes/0');
  });

  it('reads the Azure CLI shape (properties flattened) as the REST shape', () => {
    const changes = [
      { resourceId: TABLE, changeType: 'Delete', before: { id: TABLE, type: 'Microsoft.Network/routeTables' } },
    ];
    const cli = parsed({ status: 'Succeeded', changes, error: null, potentialChanges: null, diagnostics: null });
    const rest = parsed({ status: 'Succeeded', properties: { changes } });
    expect(cli.changes.map((c) => c.operations)).toEqual(rest.changes.map((c) => c.operations));
    expect(cli.changes[0]?.source).toBe('w.json /changes/0');
  });

  const after = { id: TABLE, name: 'rt', type: 'Microsoft.Network/routeTables', properties: { routes: [] } };
  it.each([
    ['Create', { after }, [{ op: 'put', resource: after }], [], []],
    ['Modify', { after, before: after }, [{ op: 'put', resource: after }], [], []],
    ['Deploy', { after }, [{ op: 'put', resource: after }], [], []],
    ['Delete', { before: after }, [{ op: 'delete', id: TABLE, type: 'Microsoft.Network/routeTables' }], [], []],
    ['Delete', {}, [{ op: 'delete', id: TABLE, type: 'Microsoft.Network/routeTables' }], [], []],
    ['NoChange', { before: after, after }, [], [], []],
    ['Ignore', {}, [], [], []],
    [
      'Deploy',
      {},
      [],
      [],
      [
        `${TABLE}: a Deploy change without its "after" state (a ResourceIdOnly result?): its proposed state is not known`,
      ],
    ],
    [
      'Unsupported',
      { unsupportedReason: 'nested template' },
      [],
      ["what-if does not support this resource (nested template): its proposed state is taken to be today's"],
      [
        `${TABLE}: what-if does not predict this resource (nested template), and the audit reads it: the proposed state may differ from today's`,
      ],
    ],
    ['Bogus', {}, [], [], [`${TABLE}: unknown changeType Bogus: not applied`]],
  ])('%s %j → operations, notes and errors', (changeType, fields, operations, notes, errors) => {
    const set = parsed({ status: 'Succeeded', changes: [{ resourceId: TABLE, changeType, ...fields }] });
    expect(set.changes[0]?.operations).toEqual(operations);
    expect(set.changes[0]?.notes).toEqual(notes);
    expect(set.errors.map((e) => e.message)).toEqual(errors);
  });

  it('says so for an Unsupported resource the audit does not read, and stays complete', () => {
    const set = parsed({ status: 'Succeeded', changes: [{ resourceId: STORAGE, changeType: 'Unsupported' }] });
    expect(set.changes[0]?.notes).toEqual([
      "what-if does not support this resource: its proposed state is taken to be today's",
    ]);
    expect(set.errors).toEqual([]);
  });

  it('a change without a resource id is an error naming its place', () => {
    const set = parsed({ status: 'Succeeded', changes: [{ changeType: 'Create', after: { name: 'x' } }] });
    expect(set.changes).toEqual([]);
    expect(set.errors).toEqual([
      { source: 'w.json /changes/0', message: 'a Create change names no resource (no resourceId): not applied' },
    ]);
  });

  it('a failed what-if has no proposed state', () => {
    expect(
      parseArmWhatIf(
        {
          status: 'Failed',
          error: { code: 'InvalidTemplate', message: 'bad', details: [{ code: 'X', message: 'why' }] },
        },
        'w.json',
      ),
    ).toEqual({ error: 'w.json: the what-if operation failed: InvalidTemplate: bad; X: why' });
    expect(parseArmWhatIf({ status: 'Failed', changes: [] }, 'w.json')).toEqual({
      error: "w.json: the what-if operation's status is Failed: no proposed state",
    });
  });

  it('notes potential changes (not applied) and diagnostics', () => {
    const set = parsed({
      status: 'Succeeded',
      properties: {
        changes: [],
        potentialChanges: [{ resourceId: TABLE, changeType: 'Modify' }],
        diagnostics: [
          { level: 'Warning', code: 'NestedDeploymentShortCircuited', message: 'not expanded', target: 'nested' },
        ],
      },
    });
    expect(set.notes).toEqual([
      `what-if lists 1 potential change that may or may not happen, not applied: Modify ${TABLE}`,
      'what-if Warning NestedDeploymentShortCircuited: not expanded (nested)',
    ]);
  });

  it('is not fooled by other JSON', () => {
    expect(isArmWhatIfResult({ id: TABLE, type: 'Microsoft.Network/routeTables' })).toBe(false);
    expect(isArmWhatIfResult({ changes: [{ resourceId: TABLE }] })).toBe(false);
    expect(isArmWhatIfResult([])).toBe(false);
  });
});

describe('template expressions what-if did not evaluate', () => {
  const expression =
    "[reference(resourceId('Microsoft.Network/networkInterfaces', 'nic'), '2024-05-01').ipConfigurations[0].properties.privateIPAddress]";

  it("are unknown values; inside a route table's route they are the route's", () => {
    const table = {
      name: 'rt',
      properties: {
        routes: [
          {
            name: 'to-nva',
            properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: expression },
          },
        ],
        note: '[[not an expression]',
      },
    };
    expect(unevaluatedExpressions(TABLE, 'Microsoft.Network/routeTables', table)).toEqual([
      {
        resourceId: TABLE,
        attribute: 'rt: properties.routes[0].properties.nextHopIpAddress',
        cause: `is a template expression what-if did not evaluate (${expression.slice(0, 80)}…)`,
        route: 'to-nva',
      },
    ]);
  });

  it("as a route table's whole route list, or a value of a virtual network's subnet, belong to every route, or the subnet", () => {
    const table = { name: 'rt', properties: { routes: "[variables('routes')]" } };
    expect(unevaluatedExpressions(TABLE, 'Microsoft.Network/routeTables', table)).toEqual([
      expect.objectContaining({ resourceId: TABLE, attribute: 'rt: properties.routes', route: '*' }),
    ]);
    const vnetId = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet`;
    const vnet = {
      name: 'vnet',
      properties: { subnets: [{ name: 'snet', properties: { routeTable: { id: "[resourceId('x')]" } } }] },
    };
    expect(unevaluatedExpressions(vnetId, 'Microsoft.Network/virtualNetworks', vnet)).toEqual([
      expect.objectContaining({
        resourceId: `${vnetId}/subnets/snet`,
        attribute: 'vnet: properties.subnets[0].properties.routeTable.id',
      }),
    ]);
  });

  it('in a route resource of its own belong to the route of its route table', () => {
    const route = { name: 'to-nva', properties: { nextHopIpAddress: "[parameters('nva')]" } };
    expect(unevaluatedExpressions(`${TABLE}/routes/to-nva`, 'Microsoft.Network/routeTables/routes', route)).toEqual([
      {
        resourceId: TABLE,
        attribute: 'route to-nva: properties.nextHopIpAddress',
        cause: "is a template expression what-if did not evaluate ([parameters('nva')])",
        route: 'to-nva',
      },
    ]);
  });
});

describe('resource types from ids', () => {
  it.each([
    [TABLE, 'Microsoft.Network/routeTables'],
    [`${TABLE}/routes/r1`, 'Microsoft.Network/routeTables/routes'],
    [
      `${RG}/providers/Microsoft.Network/firewallPolicies/p/ruleCollectionGroups/g`,
      'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    ],
    [RG, undefined],
  ])('%s → %s', (id, type) => expect(typeOfResourceId(id)).toBe(type));
});
