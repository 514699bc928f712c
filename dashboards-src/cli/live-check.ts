// `npx tsx dashboards-src/cli/live-check.ts http://127.0.0.1:9090 [rateInterval]`: runs every
// PromQL panel target against that Prometheus and prints what has no data. Exits 1 on errors
// or on empty targets that are not marked empty-when-healthy.
import { checkDashboardQueries, formatLiveReport } from '../live-check.ts';

const [url, rateInterval] = process.argv.slice(2);
if (!url) {
  console.error('usage: live-check.ts <prometheus-url> [rate-interval, e.g. 30s]');
  process.exit(2);
}
const report = await checkDashboardQueries(url, rateInterval ? { interpolation: { rateInterval } } : {});
console.log(formatLiveReport(report));
process.exit(report.errors.length || report.missing.length ? 1 : 0);
