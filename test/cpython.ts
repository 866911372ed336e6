// CPython's own verdict on Python texts: `compile(text, name, 'exec')` in one python3 process
// for a whole batch (starting python3 costs ~20 ms, compiling a file far less). Sync for a
// list known up front; streaming (CPythonCompiler) when texts are produced over minutes.
import { execFileSync, spawn } from 'node:child_process';

const SCRIPT = `
import json, sys, warnings
warnings.simplefilter('ignore')
for line in sys.stdin:
    item = json.loads(line)
    try:
        # A file is compiled from its bytes, as python3 runs it: BOM and coding cookie included.
        source = item['text'] if 'text' in item else open(item['path'], 'rb').read()
        compile(source, item['name'], 'exec', dont_inherit=True)
        error = None
    except SyntaxError as e:
        error = f'{e.msg} (line {e.lineno})'
    except Exception as e:
        error = f'{type(e).__name__}: {e}'
    sys.stdout.write(json.dumps(error) + '\\n')
    sys.stdout.flush()
`;

/** A text, or a file read by python3 itself. */
export type CompileItem = { name: string; text: string } | { name: string; path: string };

/** Each item's compile error (`'await' outside async function (line 3)`), or null when CPython compiles it. */
export function compileWithCPython(items: ReadonlyArray<CompileItem>): Array<string | null> {
  if (items.length === 0) return [];
  const input = items.map((i) => JSON.stringify(i)).join('\n') + '\n';
  const out = execFileSync('python3', ['-c', SCRIPT], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.trimEnd().split('\n').map((l) => JSON.parse(l) as string | null);
}

/** One python3 process fed texts as they come; `done()` gives every answer, in order. */
export class CPythonCompiler {
  private readonly proc = spawn('python3', ['-c', SCRIPT], { stdio: ['pipe', 'pipe', 'inherit'] });
  private readonly answers: Array<string | null> = [];
  private buffered = '';
  private sent = 0;
  private readonly closed: Promise<void>;

  constructor() {
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => {
      this.buffered += chunk;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) !== -1) {
        this.answers.push(JSON.parse(this.buffered.slice(0, nl)) as string | null);
        this.buffered = this.buffered.slice(nl + 1);
      }
    });
    this.closed = new Promise((resolve, reject) => {
      this.proc.on('error', reject);
      this.proc.on('close', () => resolve());
    });
  }

  /** Queues a text; its answer is `done()[index]`. Resolves when python3 can take more (back-pressure). */
  async add(name: string, text: string): Promise<number> {
    const ok = this.proc.stdin.write(JSON.stringify({ name, text }) + '\n');
    if (!ok) await new Promise((r) => this.proc.stdin.once('drain', r));
    return this.sent++;
  }

  async done(): Promise<Array<string | null>> {
    this.proc.stdin.end();
    await this.closed;
    if (this.answers.length !== this.sent) throw new Error(`python3 answered ${this.answers.length} of ${this.sent} texts`);
    return this.answers;
  }
}
