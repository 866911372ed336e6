// Ruff, through its WebAssembly build: its verdict on import hygiene (I001 unsorted imports,
// F401 unused import, F821 undefined name: the findings a fix must never add), and its
// diagnostics under any settings (what Ruff reports where ours overlap).
import { createRequire } from 'node:module';

export interface RuffDiagnostic {
  code: string;
  start_location: { row: number; column: number };
  end_location: { row: number; column: number };
}

export interface RuffWorkspace {
  check(text: string): Array<Omit<RuffDiagnostic, 'code'> & { code: string | null }>;
}

/** A Ruff workspace with these settings (Ruff's `Options`, as in a ruff.toml); positions in UTF-16 code units. */
export function ruffWorkspace(options: unknown): RuffWorkspace {
  const { Workspace, PositionEncoding } = createRequire(__filename)('@astral-sh/ruff-wasm-nodejs');
  return new Workspace(options, PositionEncoding.Utf16);
}

/** Ruff's diagnostics on a text (rows and columns 1-based). */
export function ruffDiagnostics(ws: RuffWorkspace, text: string): RuffDiagnostic[] {
  return ws.check(text).map((d) => ({ ...d, code: d.code ?? '' }));
}

const hygiene = new Map<string, RuffWorkspace>();

/**
 * The codes Ruff reports on a text, among I001, F401 and F821. Ruff sees a text, not a
 * project: `firstParty` names the project's top-level modules (isort's `known-first-party`),
 * which Ruff would find on disk.
 */
export function ruffCodes(text: string, firstParty: readonly string[] = []): string[] {
  const key = firstParty.join(',');
  let ws = hygiene.get(key);
  if (!ws) hygiene.set(key, (ws = ruffWorkspace({ lint: { select: ['I001', 'F401', 'F821'], isort: { 'known-first-party': [...firstParty] } } })));
  return ruffDiagnostics(ws, text).map((d) => d.code);
}
