// The null language server of `npm run bench:editor`: what the editor costs on its own.
// It keeps the document text and answers textDocument/diagnostic at once with a fixed
// FPL101-like error on every line holding `time.sleep(`: no parsing, no rules. The bench
// puts it where the extension's dist/server.js goes, so the client launches it the same way.
import { createConnection, DiagnosticSeverity, DocumentDiagnosticReportKind, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } },
  serverInfo: { name: 'null-server' },
}));

connection.languages.diagnostics.on((params) => {
  const doc = documents.get(params.textDocument.uri);
  const items: Diagnostic[] = [];
  if (doc) {
    doc.getText().split('\n').forEach((line, i) => {
      const at = line.indexOf('time.sleep(');
      if (at >= 0) items.push({ range: { start: { line: i, character: at }, end: { line: i, character: line.length } }, severity: DiagnosticSeverity.Error, source: 'fastapi-perf-lint', code: 'FPL101', message: 'time.sleep() blocks the event loop' });
    });
  }
  return { kind: DocumentDiagnosticReportKind.Full, items };
});

documents.listen(connection);
connection.listen();
