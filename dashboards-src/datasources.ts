import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

/**
 * The datasources Grafana is provisioned with. Uids are fixed: every panel refers to them,
 * and validation checks each reference against the generated provisioning file.
 */
export const datasources = {
  prometheus: { type: 'prometheus', uid: 'prometheus' },
  loki: { type: 'loki', uid: 'loki' },
  postgres: { type: 'grafana-postgresql-datasource', uid: 'porttrack-postgres' },
} as const satisfies Record<string, Required<Pick<DataSourceRef, 'type' | 'uid'>>>;

export type DatasourceKey = keyof typeof datasources;

export const datasourceRef = (key: DatasourceKey): DataSourceRef => ({ ...datasources[key] });
