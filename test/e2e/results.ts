// One checked step of an e2e suite, and running steps so that a failure is recorded (with
// its artifacts) and the next step still runs.

export interface StepResult {
  suite: string;
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  /** Files the step left under test/.artifacts/e2e/. */
  artifacts: string[];
}

export class Steps {
  readonly results: StepResult[] = [];

  constructor(
    readonly suite: string,
    readonly log: (line: string) => void,
  ) {}

  /** Runs `fn`; `onFail` may add artifacts (a screenshot) when it throws. */
  async run(name: string, fn: (artifacts: string[]) => Promise<void>, onFail?: (artifacts: string[]) => Promise<void>): Promise<boolean> {
    const t0 = Date.now();
    const artifacts: string[] = [];
    try {
      await fn(artifacts);
      this.push({ suite: this.suite, name, ok: true, ms: Date.now() - t0, artifacts });
      return true;
    } catch (e) {
      if (onFail) await onFail(artifacts).catch(() => undefined);
      this.push({ suite: this.suite, name, ok: false, ms: Date.now() - t0, error: (e as Error)?.message ?? String(e), artifacts });
      return false;
    }
  }

  /** A step decided elsewhere (e.g. reported by the extension host). */
  push(r: StepResult): void {
    // Playwright's messages carry terminal colours.
    if (r.error) r.error = r.error.replace(/\x1b\[[0-9;]*m/g, '');
    this.results.push(r);
    const files = r.artifacts.length ? `  [${r.artifacts.join(', ')}]` : '';
    this.log(`  ${r.ok ? 'pass' : 'FAIL'} ${r.suite}: ${r.name} (${(r.ms / 1000).toFixed(1)} s)${files}${r.error ? `\n       ${r.error.split('\n').join('\n       ')}` : ''}`);
  }
}
