// A progress bar on stderr, drawn only on a terminal and only once the scan has taken more
// than a moment (short runs print nothing). Updates are driven by the linter's callbacks,
// which also works while the main thread is busy linting, and throttled.

interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export class Progress {
  private shown = false;
  private lastDraw = 0;
  private readonly started: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
    /** Milliseconds before the bar first appears. */
    private readonly delay = 300,
    /** Milliseconds between redraws. */
    private readonly interval = 80,
  ) {
    this.started = now();
  }

  static forStderr(disabled: boolean): Progress {
    return new Progress(process.stderr, !disabled && !!process.stderr.isTTY);
  }

  update(done: number, total: number, label = 'files'): void {
    if (!this.enabled || total <= 0) return;
    const t = this.now();
    if (!this.shown && t - this.started < this.delay) return;
    if (this.shown && t - this.lastDraw < this.interval && done < total) return;
    this.lastDraw = t;
    this.shown = true;
    const counter = ` ${done}/${total} ${label}`;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - counter.length - 4));
    const filled = Math.round((done / total) * width);
    this.stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${counter}`);
  }

  /** Clears the bar (before anything else is printed). */
  done(): void {
    if (this.shown) this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
