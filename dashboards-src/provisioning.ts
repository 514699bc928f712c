import { dump } from 'js-yaml';
import { type GeneratedFile, yamlHeader } from '../lib/generated.ts';
import { monitoringLogin } from '../lib/monitoring-login.ts';
import { datasources } from './datasources.ts';

export const provisioningDir = 'stack/grafana/provisioning';
export const datasourcesFile = `${provisioningDir}/datasources/porttrack.yml`;
export const dashboardProviderFile = `${provisioningDir}/dashboards/porttrack.yml`;
/** Where the stack mounts `stack/grafana/dashboards` inside the Grafana container. */
export const dashboardsMountPath = '/var/lib/grafana/dashboards';
/** Docker secret holding the password of Grafana's read-only PostgreSQL login (member of porttrack_read). */
export const postgresPasswordSecret = '/run/secrets/grafana_pg_password';

export interface ProvisionedDatasource {
  name: string;
  type: string;
  uid: string;
  access: 'proxy';
  url: string;
  isDefault: boolean;
  editable: false;
  user?: string;
  basicAuth?: boolean;
  basicAuthUser?: string;
  jsonData: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
}

export function provisionedDatasources(): ProvisionedDatasource[] {
  return [
    {
      name: 'Prometheus',
      ...datasources.prometheus,
      access: 'proxy',
      url: 'http://prometheus:9090',
      isDefault: true,
      editable: false,
      // Prometheus enforces its own login in the stack (--web.config.file).
      basicAuth: true,
      basicAuthUser: monitoringLogin.username,
      // The scrape interval: Grafana derives $__rate_interval from it.
      jsonData: { httpMethod: 'POST', timeInterval: '15s', manageAlerts: false },
      secureJsonData: { basicAuthPassword: `$__file{${monitoringLogin.passwordFile}}` },
    },
    {
      name: 'Loki',
      ...datasources.loki,
      access: 'proxy',
      url: 'http://loki:3100',
      isDefault: false,
      editable: false,
      jsonData: { maxLines: 1000, manageAlerts: false },
    },
    {
      name: 'PortTrack PostgreSQL',
      ...datasources.postgres,
      access: 'proxy',
      url: 'postgres:5432',
      isDefault: false,
      editable: false,
      // A login created by the deployment as a member of porttrack_read (SELECT only, no users table).
      user: 'grafana_reader',
      jsonData: {
        database: 'porttrack',
        sslmode: 'disable',
        postgresVersion: 1600,
        maxOpenConns: 5,
        timescaledb: false,
      },
      // Grafana expands $__file{} when it reads provisioning: the password never sits in the repository.
      secureJsonData: { password: `$__file{${postgresPasswordSecret}}` },
    },
  ];
}

/** Datasources, and one dashboards provider whose audience directories become folders. */
export function provisioningFiles(): GeneratedFile[] {
  const source = 'dashboards-src/provisioning.ts';
  const yaml = (value: unknown) => yamlHeader(source) + dump(value, { lineWidth: -1, noRefs: true });
  return [
    { path: datasourcesFile, content: yaml({ apiVersion: 1, datasources: provisionedDatasources() }) },
    {
      path: dashboardProviderFile,
      content: yaml({
        apiVersion: 1,
        providers: [
          {
            name: 'porttrack',
            orgId: 1,
            type: 'file',
            disableDeletion: true,
            allowUiUpdates: false,
            updateIntervalSeconds: 30,
            options: { path: dashboardsMountPath, foldersFromFilesStructure: true },
          },
        ],
      }),
    },
  ];
}
