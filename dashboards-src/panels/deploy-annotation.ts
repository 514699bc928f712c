import { jobMatcher } from '../../lib/monitoring/index.ts';
import { AnnotationQueryBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { notifier } from '../../lib/catalog/index.ts';
import { datasourceRef } from '../datasources.ts';

/**
 * Deploys as annotations: the notifier records each reported deployment's time in
 * `porttrack_deployment_last_timestamp_seconds`; a change of that gauge marks a deploy.
 */
export function deployAnnotation(): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Deploys')
    .datasource(datasourceRef('prometheus'))
    .enable(true)
    .iconColor('#8F3BB8')
    .expr(`changes(${notifier.lastDeployment.name}{${jobMatcher('notifier')}}[2m]) > 0`)
    .step('1m')
    .titleFormat('Deploy {{service}}')
    .textFormat('{{service}} deployment reported, status {{status}}')
    .tagKeys('service,status');
}
