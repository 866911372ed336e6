// Small helpers for writing the data tables: one replacement text for many names.

/** `{ 'T.a': instead, 'T.b': instead }` for the given members of `owner`. */
export function members(owner: string, names: readonly string[], instead: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) out[`${owner}.${n}`] = instead;
  return out;
}

/** The same replacement for every listed qualified name. */
export function all(names: readonly string[], instead: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) out[n] = instead;
  return out;
}
