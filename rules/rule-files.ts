import { apiRules } from './api.ts';
import type { RuleFileSpec } from './build/types.ts';

/** Every rule file, in generation order. Add a domain here and it is generated, tested and validated. */
export const ruleFiles: readonly RuleFileSpec[] = [apiRules];
