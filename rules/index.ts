// The rule registry: every rule folder's rule, in code order. A test checks this list
// against the folders under rules/.
import type { Rule } from '../server/src/engine/rule';
import { rule as asyncRouteWithoutAwait } from './async-route-without-await/rule';
import { rule as blockingDbInAsync } from './blocking-db-in-async/rule';
import { rule as blockingFileIoInAsync } from './blocking-file-io-in-async/rule';
import { rule as blockingHttpInAsync } from './blocking-http-in-async/rule';
import { rule as blockingSleepInAsync } from './blocking-sleep-in-async/rule';
import { rule as blockingSubprocessInAsync } from './blocking-subprocess-in-async/rule';
import { rule as clientPerRequest } from './client-per-request/rule';
import { rule as cpuBoundInAsync } from './cpu-bound-in-async/rule';
import { rule as nestedEventLoop } from './nested-event-loop/rule';
import { rule as sequentialIndependentAwaits } from './sequential-independent-awaits/rule';
import { rule as transitiveBlockingCall } from './transitive-blocking-call/rule';
import { rule as trivialSyncDependency } from './trivial-sync-dependency/rule';

export const RULES: readonly Rule[] = [
  blockingSleepInAsync,
  blockingHttpInAsync,
  blockingDbInAsync,
  blockingFileIoInAsync,
  blockingSubprocessInAsync,
  cpuBoundInAsync,
  asyncRouteWithoutAwait,
  transitiveBlockingCall,
  sequentialIndependentAwaits,
  clientPerRequest,
  nestedEventLoop,
  trivialSyncDependency,
].sort((a, b) => (a.meta.code < b.meta.code ? -1 : 1));

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.code, r]));
