// Ruff's verdict on import hygiene, through its WebAssembly build: I001 (unsorted imports),
// F401 (unused import) and F821 (undefined name), the findings a fix must never add.
import { createRequire } from 'node:module';

interface RuffDiagnostic {
  code: string | null;
}

let workspace: { check(text: string): RuffDiagnostic[] } | undefined;

/** The codes Ruff reports on a text, among I001, F401 and F821. */
export function ruffCodes(text: string): string[] {
  if (!workspace) {
    const { Workspace, PositionEncoding } = createRequire(__filename)('@astral-sh/ruff-wasm-nodejs');
    workspace = new Workspace({ lint: { select: ['I001', 'F401', 'F821'] } }, PositionEncoding.Utf16);
  }
  return workspace!.check(text).map((d) => d.code ?? '');
}
