/** The resource group named in an ARM id, or a placeholder for a command when it names none. */
export const resourceGroupOf = (id: string) => /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '<resource-group>';
