// Every rule folder's rule, in code order. A test checks this list against the folders
// under rules/. Entry points hand it to the engine as a registry (engine/registry.ts).
import type { Rule } from '../server/src/ruleApi/rule';
import { rule as asyncRouteWithoutAwait } from './async-route-without-await/rule';
import { rule as baseHttpMiddleware } from './base-http-middleware/rule';
import { rule as blockingDbInAsync } from './blocking-db-in-async/rule';
import { rule as blockingFileIoInAsync } from './blocking-file-io-in-async/rule';
import { rule as blockingHttpInAsync } from './blocking-http-in-async/rule';
import { rule as blockingSleepInAsync } from './blocking-sleep-in-async/rule';
import { rule as blockingSubprocessInAsync } from './blocking-subprocess-in-async/rule';
import { rule as clientPerRequest } from './client-per-request/rule';
import { rule as cpuBoundInAsync } from './cpu-bound-in-async/rule';
import { rule as deprecatedCustomJsonResponse } from './deprecated-custom-json-response/rule';
import { rule as doubleSerialization } from './double-serialization/rule';
import { rule as enginePerRequest } from './engine-per-request/rule';
import { rule as enginePoolUnconfigured } from './engine-pool-unconfigured/rule';
import { rule as explicitJsonResponseClass } from './explicit-json-response-class/rule';
import { rule as gunicornWorkerConfig } from './gunicorn-worker-config/rule';
import { rule as missingResponseType } from './missing-response-type/rule';
import { rule as nestedEventLoop } from './nested-event-loop/rule';
import { rule as pydanticV1Config } from './pydantic-v1-config/rule';
import { rule as pydanticV1Import } from './pydantic-v1-import/rule';
import { rule as pydanticV1Method } from './pydantic-v1-method/rule';
import { rule as pydanticV1Validator } from './pydantic-v1-validator/rule';
import { rule as queryInLoop } from './query-in-loop/rule';
import { rule as sequentialIndependentAwaits } from './sequential-independent-awaits/rule';
import { rule as sessionNotReleased } from './session-not-released/rule';
import { rule as slowJsonResponse } from './slow-json-response/rule';
import { rule as transitiveBlockingCall } from './transitive-blocking-call/rule';
import { rule as trivialSyncDependency } from './trivial-sync-dependency/rule';
import { rule as typeAdapterPerCall } from './type-adapter-per-call/rule';
import { rule as unboundedCollectionRoute } from './unbounded-collection-route/rule';
import { rule as unboundedLimitParameter } from './unbounded-limit-parameter/rule';
import { rule as uncachedSettings } from './uncached-settings/rule';
import { rule as validateExternalData } from './validate-external-data/rule';
import { rule as wholeFileInMemory } from './whole-file-in-memory/rule';

export const RULES: readonly Rule[] = [
  asyncRouteWithoutAwait,
  baseHttpMiddleware,
  blockingDbInAsync,
  blockingFileIoInAsync,
  blockingHttpInAsync,
  blockingSleepInAsync,
  blockingSubprocessInAsync,
  clientPerRequest,
  cpuBoundInAsync,
  deprecatedCustomJsonResponse,
  doubleSerialization,
  enginePerRequest,
  enginePoolUnconfigured,
  explicitJsonResponseClass,
  gunicornWorkerConfig,
  missingResponseType,
  nestedEventLoop,
  pydanticV1Config,
  pydanticV1Import,
  pydanticV1Method,
  pydanticV1Validator,
  queryInLoop,
  sequentialIndependentAwaits,
  sessionNotReleased,
  slowJsonResponse,
  transitiveBlockingCall,
  trivialSyncDependency,
  typeAdapterPerCall,
  unboundedCollectionRoute,
  unboundedLimitParameter,
  uncachedSettings,
  validateExternalData,
  wholeFileInMemory,
].sort((a, b) => (a.meta.code < b.meta.code ? -1 : 1));
