import { apiRules } from './api.ts';
import type { RuleFileSpec } from './build/types.ts';
import { containerRules } from './containers.ts';
import { nodeRules } from './node.ts';
import { postgresRules } from './postgres.ts';
import { redisRules } from './redis.ts';

/** Every rule file, in generation order. Add a domain here and it is generated, tested and validated. */
export const ruleFiles: readonly RuleFileSpec[] = [apiRules, nodeRules, containerRules, postgresRules, redisRules];
