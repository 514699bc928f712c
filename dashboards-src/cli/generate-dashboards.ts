// `npx tsx dashboards-src/cli/generate-dashboards.ts`: writes only the dashboards and Grafana
// provisioning (what `npm run generate` does for this area), and says what changed.
import { staleFiles, writeGenerated } from '../../lib/generated.ts';
import { dashboardFiles } from '../generate.ts';

const files = dashboardFiles();
const changed = await staleFiles(files);
await writeGenerated(files);
console.log(
  `dashboards: ${files.length} files, ${changed.length} changed${changed.length ? `: ${changed.join(', ')}` : ''}`,
);
