/** Placeholder base for runbook links; deployments set RUNBOOK_BASE_URL to where the repo is browsable. */
export const defaultRunbookBaseUrl = 'https://git.example.com/porttrack/porttrack-observability/-/blob/main';

/** The runbook base URL the generated files use: RUNBOOK_BASE_URL, or the documented placeholder. */
export const runbookBaseUrl = () => process.env.RUNBOOK_BASE_URL || defaultRunbookBaseUrl;

/** Every alert's runbook, named after the alert. */
export const runbookPath = (alertName: string) => `runbooks/alerts/${alertName}.md`;

/** The link an alert's `runbook_url` annotation and the firing-alerts panel carry. */
export const runbookUrl = (alertName: string, baseUrl: string) =>
  `${baseUrl.replace(/\/+$/, '')}/${runbookPath(alertName)}`;
