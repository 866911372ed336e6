// playwright-core driving Debian's Chromium. playwright-core is installed in .tmp/e2e-tools/
// (see setup.ts), not in node_modules, so the parts of its API the suites use are typed here.
import * as path from 'node:path';
import { CHROMIUM } from './setup';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Locator {
  first(): Locator;
  count(): Promise<number>;
  innerText(opts?: { timeout?: number }): Promise<string>;
  boundingBox(): Promise<Box | null>;
  click(opts?: { timeout?: number }): Promise<void>;
  fill(text: string): Promise<void>;
  // Runs in the page: the elements are DOM elements, typed loosely here.
  evaluateAll<R>(fn: (els: BrowserElement[]) => R): Promise<R>;
}

/** The DOM element properties the page-side callbacks read. */
export interface BrowserElement {
  getAttribute(name: string): string | null;
  innerText: string;
  className: string;
  getBoundingClientRect(): Box;
}

export interface Page {
  goto(url: string, opts?: { timeout?: number }): Promise<unknown>;
  waitForSelector(selector: string, opts?: { timeout?: number; state?: 'attached' | 'detached' | 'visible' | 'hidden' }): Promise<unknown>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, opts?: { timeout?: number; polling?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  screenshot(opts: { path: string; fullPage?: boolean }): Promise<unknown>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  on(event: 'console', fn: (m: { type(): string; text(): string }) => void): void;
  keyboard: { press(key: string): Promise<void>; type(text: string, opts?: { delay?: number }): Promise<void> };
  mouse: { move(x: number, y: number, opts?: { steps?: number }): Promise<void>; wheel(dx: number, dy: number): Promise<void> };
  waitForTimeout(ms: number): Promise<void>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  evaluate<R>(expression: string): Promise<R>;
}

interface Browser {
  newPage(opts?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

interface PlaywrightCore {
  chromium: { launch(opts: { executablePath: string; headless: boolean; args: string[]; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<Browser> };
}

/**
 * Headless Chromium with a fresh profile (playwright's launch() always makes a temporary
 * one) and `env` (an isolated HOME). The flags keep it off the network: this machine
 * refuses every connection but loopback.
 */
export async function launchChromium(playwrightCoreDir: string, env: NodeJS.ProcessEnv): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pw = require(path.resolve(playwrightCoreDir)) as PlaywrightCore;
  return pw.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env,
    timeout: 60000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
