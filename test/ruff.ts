// Ruff's verdict on import hygiene, through its WebAssembly build: I001 (unsorted imports),
// F401 (unused import) and F821 (undefined name), the findings a fix must never add.
import { createRequire } from 'node:module';

interface RuffDiagnostic {
  code: string | null;
}

const workspaces = new Map<string, { check(text: string): RuffDiagnostic[] }>();

/**
 * The codes Ruff reports on a text, among I001, F401 and F821. Ruff sees a text, not a
 * project: `firstParty` names the project's top-level modules (isort's `known-first-party`),
 * which Ruff would find on disk.
 */
export function ruffCodes(text: string, firstParty: readonly string[] = []): string[] {
  const key = firstParty.join(',');
  let workspace = workspaces.get(key);
  if (!workspace) {
    const { Workspace, PositionEncoding } = createRequire(__filename)('@astral-sh/ruff-wasm-nodejs');
    workspace = new Workspace({ lint: { select: ['I001', 'F401', 'F821'], isort: { 'known-first-party': [...firstParty] } } }, PositionEncoding.Utf16);
    workspaces.set(key, workspace!);
  }
  return workspace!.check(text).map((d) => d.code ?? '');
}
