// The syntax tree types the analysis layer and rules work with (web-tree-sitter's). The
// parser itself (initialisation, parsing) belongs to the engine.
export type { Node, Point, Tree } from 'web-tree-sitter';
