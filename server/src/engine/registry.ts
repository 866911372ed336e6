// The rules an entry point (CLI, server, worker, tests, bench) runs with. The engine never
// imports the rule folders: it is handed a registry, so no engine module reads the rules
// while it loads and the rule API stays a leaf.
import type { Rule } from '../ruleApi/rule';

export interface RuleRegistry {
  /** Every rule, in code order. */
  readonly rules: readonly Rule[];
  readonly codes: ReadonlySet<string>;
  /** A rule by code (`FPL101`, any case) or id (`blocking-sleep-in-async`). */
  find(codeOrId: string): Rule | undefined;
}

export function ruleRegistry(rules: readonly Rule[]): RuleRegistry {
  const sorted = [...rules].sort((a, b) => (a.meta.code < b.meta.code ? -1 : a.meta.code > b.meta.code ? 1 : 0));
  const byKey = new Map<string, Rule>();
  for (const r of sorted) {
    byKey.set(r.meta.code, r);
    byKey.set(r.meta.id, r);
  }
  return {
    rules: sorted,
    codes: new Set(sorted.map((r) => r.meta.code)),
    find: (key) => byKey.get(key) ?? byKey.get(key.toUpperCase()),
  };
}
