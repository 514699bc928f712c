// `tsx scripts/stack-check/replica-config.ts PROMETHEUS_YML REPLICA`: prints the prometheus.yml of
// the pair's other replica (thanos-up.sh: replica b beside npm start's replica a), the same file
// with only the external label `replica` changed, as the stack's pair shares one prometheus.yml and
// differs only in PROMETHEUS_REPLICA (docker-stack.yml). Rule files are the same paths.
import { readFile } from 'node:fs/promises';
import { dump, load } from 'js-yaml';
import { replicaLabel } from '../../lib/monitoring/index.ts';

type Config = { global?: { external_labels?: Record<string, string> } } | null;

/** `configText` with the external label `replica` set to `replica`; everything else as it was. */
export function otherReplicaConfig(configText: string, replica: string): string {
  const config = load(configText) as Config;
  const labels = config?.global?.external_labels;
  const current = labels?.[replicaLabel];
  if (!labels || !current)
    throw new Error(
      `this prometheus.yml has no external label ${replicaLabel}: start npm start with PROMETHEUS_REPLICA=a ` +
        `(and PORTTRACK_CLUSTER), as scripts/stack-check/start-porttrack.sh does`,
    );
  if (current === replica) throw new Error(`this prometheus.yml is replica ${replica} already`);
  labels[replicaLabel] = replica;
  return dump(config, { lineWidth: -1, noRefs: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, replica] = process.argv.slice(2);
  if (!file || !replica) {
    console.error('usage: tsx scripts/stack-check/replica-config.ts PROMETHEUS_YML REPLICA');
    process.exit(2);
  }
  try {
    process.stdout.write(otherReplicaConfig(await readFile(file, 'utf8'), replica));
  } catch (err) {
    console.error(`${file}: ${(err as Error).message}`);
    process.exit(1);
  }
}
