/**
 * How `npm start` paces the monitoring: scrapes and evaluations every 5 s so a person sees
 * changes quickly, the alerts' production `for:` values, Alertmanager's grouping shortened
 * for a demo. The quiet benchmark runs with exactly these.
 */
export const localStackTimings = {
  scrapeIntervalSeconds: 5,
  evaluationIntervalSeconds: 5,
  probeIntervalSeconds: 30,
  routing: { groupWaitSeconds: 10, groupIntervalSeconds: 30, repeatIntervalSeconds: 3600 },
} as const;
