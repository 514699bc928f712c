/**
 * Placeholder base for runbook links where nothing else is given (`npm start` without
 * RUNBOOK_BASE_URL); a deployment sets RUNBOOK_BASE_URL in deploy.env to where the repository is
 * browsable. Never written into a generated file.
 */
export const defaultRunbookBaseUrl = 'https://git.example.com/porttrack/porttrack-observability/-/blob/main';

/**
 * The Prometheus external label that carries a deployment's runbook base: the stack's
 * prometheus.yml (a Swarm config template) sets it from RUNBOOK_BASE_URL, the generated rules read
 * it in their `runbook_url` annotation, and Prometheus drops it from the alerts it sends.
 */
export const runbookBaseLabel = 'runbook_base_url';

/** Every alert's runbook, named after the alert. */
export const runbookPath = (alertName: string) => `runbooks/alerts/${alertName}.md`;

/** The link an alert's `runbook_url` annotation carries, for a known base. */
export const runbookUrl = (alertName: string, baseUrl: string) =>
  `${baseUrl.replace(/\/+$/, '')}/${runbookPath(alertName)}`;

/**
 * The `runbook_url` annotation of the generated rules: Prometheus fills in the deployment's base
 * from its external label when the alert fires. Without the label (promtool's unit tests, the
 * compose file) the link is the path alone, which the notifier resolves against its own
 * RUNBOOK_BASE_URL.
 */
export const runbookUrlTemplate = (alertName: string) =>
  `{{ $externalLabels.${runbookBaseLabel} }}/${runbookPath(alertName)}`;
