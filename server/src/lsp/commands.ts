// workspace/executeCommand: `fastapiPerf.scanWorkspace` (work-done progress, cancellable),
// `fastapiPerf.showRuleDocs` (opens the rule's documentation through window/showDocument)
// and `fastapiPerf.fixAll` (every safe fix of a document, through workspace/applyEdit), plus the `fastapiPerf/rules` request the VS Code client uses for
// its rule picker.
import { ResponseError, ErrorCodes, WorkDoneProgressReporter, type CancellationToken, type ExecuteCommandParams } from 'vscode-languageserver/node';
import { docsUrl, REPOSITORY_URL } from '../engine/docs';
import { FIX_ALL_COMMAND, SHOW_DOCS_COMMAND, type CodeActions } from './codeActions';
import { plainText } from '../ruleApi/message';
import type { ServerContext } from './context';
import { ruleByCode } from './hover';
import type { WorkspaceDiagnostics } from './workspaceScan';

const SCAN_COMMAND = 'fastapiPerf.scanWorkspace';
export const COMMANDS = [SCAN_COMMAND, SHOW_DOCS_COMMAND, FIX_ALL_COMMAND];
export const RULES_REQUEST = 'fastapiPerf/rules';

interface RuleInfo {
  code: string;
  id: string;
  summary: string;
  severity: string;
  fix: string;
  url: string;
}

export function ruleList(ctx: ServerContext): RuleInfo[] {
  return ctx.options.rules.rules.map((r) => ({ code: r.meta.code, id: r.meta.id, summary: plainText(r.meta.docs.summary), severity: r.meta.severity, fix: r.meta.fix, url: docsUrl(r.meta.id) }));
}

async function showRuleDocs(ctx: ServerContext, code: unknown): Promise<{ url: string }> {
  let url = `${REPOSITORY_URL}#rules`;
  if (typeof code === 'string' && code) {
    const rule = ruleByCode(ctx, code.trim().toUpperCase());
    if (!rule) throw new ResponseError(ErrorCodes.InvalidParams, `unknown rule: ${code}`);
    url = docsUrl(rule.meta.id);
  }
  if (ctx.client.showDocument) {
    const r = await ctx.connection.window.showDocument({ uri: url, external: true });
    if (r.success) return { url };
  }
  ctx.connection.window.showInformationMessage(`FastAPI Perf Lint documentation: ${url}`);
  return { url };
}

export async function executeCommand(
  ctx: ServerContext,
  workspace: WorkspaceDiagnostics,
  params: ExecuteCommandParams,
  token: CancellationToken,
  attached: WorkDoneProgressReporter,
  actions?: CodeActions,
): Promise<unknown> {
  switch (params.command) {
    case FIX_ALL_COMMAND:
      return actions ? actions.fixAllCommand(params.arguments?.[0]) : { applied: false };
    case SHOW_DOCS_COMMAND:
      return showRuleDocs(ctx, params.arguments?.[0]);
    case SCAN_COMMAND: {
      // The client's progress token when it sent one; else a progress the server creates.
      let progress: WorkDoneProgressReporter & { token?: CancellationToken } = attached;
      if (WorkDoneProgressReporter.isNullInstance(attached) && ctx.client.workDoneProgress) progress = await ctx.connection.window.createWorkDoneProgress();
      return workspace.scan(token, progress);
    }
    default:
      throw new ResponseError(ErrorCodes.InvalidParams, `unknown command: ${params.command}`);
  }
}
