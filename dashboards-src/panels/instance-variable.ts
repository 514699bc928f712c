import { type JobKey, jobMatcher } from '../../lib/monitoring/index.ts';
import {
  QueryVariableBuilder,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { datasourceRef } from '../datasources.ts';

/** `$instance`: the replicas of one job, multi-select with All (`.*`). Use it as `instance=~"$instance"`. */
export function instanceVariable(jobKey: JobKey): QueryVariableBuilder {
  const query = `label_values(up{${jobMatcher(jobKey)}}, instance)`;
  return (
    new QueryVariableBuilder('instance')
      .label('Replica')
      .datasource(datasourceRef('prometheus'))
      // The classic string form: every Grafana version reads it as a label_values() query.
      .query(query)
      .definition(query)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue('.*')
  );
}

export const instanceMatcher = 'instance=~"$instance"';
