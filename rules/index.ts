// The rule registry: every rule folder's rule, in code order. A test checks this list
// against the folders under rules/.
import type { Rule } from '../server/src/engine/rule';
import { rule as baseHttpMiddleware } from './base-http-middleware/rule';
import { rule as blockingSleepInAsync } from './blocking-sleep-in-async/rule';
import { rule as gunicornWorkerConfig } from './gunicorn-worker-config/rule';
import { rule as pydanticV1Config } from './pydantic-v1-config/rule';
import { rule as pydanticV1Import } from './pydantic-v1-import/rule';
import { rule as pydanticV1Method } from './pydantic-v1-method/rule';
import { rule as pydanticV1Validator } from './pydantic-v1-validator/rule';
import { rule as typeAdapterPerCall } from './type-adapter-per-call/rule';
import { rule as uncachedSettings } from './uncached-settings/rule';
import { rule as validateExternalData } from './validate-external-data/rule';

export const RULES: readonly Rule[] = [blockingSleepInAsync, pydanticV1Method, pydanticV1Config, pydanticV1Validator, typeAdapterPerCall, validateExternalData, pydanticV1Import, uncachedSettings, baseHttpMiddleware, gunicornWorkerConfig].sort((a, b) => (a.meta.code < b.meta.code ? -1 : 1));

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.code, r]));
