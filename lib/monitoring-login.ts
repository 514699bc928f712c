/**
 * The login Prometheus and Alertmanager require in the Swarm stack (`--web.config.file`): what
 * Prometheus's own scrapes and alert pushes, Grafana's datasource and deploy.sh's gate use. The
 * password is the Docker secret `monitoring_password`; its bcrypt hash is the secret
 * `monitoring_web_config` that stack/scripts/create-secrets.sh derives from it.
 */
export const monitoringLogin = { username: 'oncall', passwordFile: '/run/secrets/monitoring_password' };
