/**
 * Words of the shell commands findings suggest (`az …`), safe in any POSIX shell: a word made only
 * of [A-Za-z0-9._/:=@%+,-] (none of them special to the shell) is written as it is; any other is put
 * in single quotes, inside which nothing is special, an embedded quote written '\''.
 * https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02_02
 */
import { parseArmId } from '@aro-aks-audit/auditor';

const PLAIN = /^[A-Za-z0-9._/:=@%+,-]+$/;

export function shellQuote(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/**
 * A value the reader fills in, as a shell word: `'<resource-group>'`. Quoted, because a bare `<x>` is a
 * redirection: pasted as it is, `--name <x> --priority 1` would read a file `x` and overwrite a file
 * named `--priority`. Quoted, the command only fails on the literal value until it is replaced.
 */
export function placeholder(what: string): string {
  return shellQuote(`<${what}>`);
}

/** The resource group an ARM id names, as a shell word; a placeholder for the reader to fill in when none. */
export function resourceGroupWord(id: string): string {
  const group = parseArmId(id)?.resourceGroup;
  return group === undefined ? placeholder('resource-group') : shellQuote(group);
}

/** The last segment of an ARM id (the resource's name), as a shell word. */
export function nameWord(id: string): string {
  return shellQuote(id.split('/').at(-1) ?? '');
}

/** The subscription an ARM id is in, as a shell word; a placeholder for the reader to fill in when none. */
export function subscriptionWord(id: string): string {
  const subscription = parseArmId(id)?.subscriptionId;
  return subscription === undefined ? placeholder('subscription') : shellQuote(subscription);
}

/**
 * `--subscription S --resource-group RG` of the resource an ARM id names: where a command acts, named on
 * every command so that a pasted fix never runs in whatever subscription the Azure CLI has selected.
 */
export function scopeArguments(id: string): string {
  return `--subscription ${subscriptionWord(id)} --resource-group ${resourceGroupWord(id)}`;
}
