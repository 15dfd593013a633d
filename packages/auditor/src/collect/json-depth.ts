/**
 * A bound on how deeply a resource body may nest. ARM resources nest about ten levels (a rule
 * collection group: properties → ruleCollections → rules → protocols); a body nested thousands of
 * levels deep is not a resource but an attack or a broken export, and every recursive walk of it
 * downstream (JSON.stringify among them) would overflow the call stack. Collectors refuse such a body
 * where it is read, as an input error naming it, so nothing after them meets one.
 */
export const MAX_RESOURCE_DEPTH = 64;

/**
 * How deeply `value` nests arrays and objects (a scalar is 0, `{}` is 1), counted without recursion
 * and not past `limit + 1`: the caller only needs to know whether the limit is crossed.
 */
export function nestingDepth(value: unknown, limit = MAX_RESOURCE_DEPTH): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (typeof top.value !== 'object' || top.value === null) continue;
    const depth = top.depth + 1;
    if (depth > deepest) deepest = depth;
    if (depth > limit) return depth;
    for (const child of Array.isArray(top.value) ? top.value : Object.values(top.value))
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth });
  }
  return deepest;
}

/** The input error's message for a body nested past the bound. */
export const TOO_DEEP = `nested more than ${MAX_RESOURCE_DEPTH} levels deep (ARM resources nest about ten): not read`;
