// `node synthetics/gate/reconcile-silences.js < alertmanager/silences.json`: run by deploy.sh after
// the gate passes, inside the deployed image. Makes Alertmanager hold exactly the silences
// declared in rules/silences/silences.ts (generated to stack/alertmanager/silences.json), through
// the public entry point with the monitoring user, and prints what it changed. People's own
// silences are never touched.
import { text } from 'node:stream/consumers';
import { z } from 'zod';
import { reconcileSilences } from '../../lib/alertmanager/reconcile-silences.ts';
import { ConfigError, type Env, parseConfig, readSecret } from '../../lib/config/env.ts';

const schema = z.object({
  ALERTMANAGER_URL: z.url({
    message: 'expected Alertmanager’s URL, e.g. https://porttrack.example/alertmanager',
  }),
  GATE_MONITORING_USER: z.string().min(1).default('oncall'),
});

const matcher = z.object({
  name: z.string().min(1),
  value: z.string(),
  isRegex: z.boolean(),
  isEqual: z.boolean(),
});
/** stack/alertmanager/silences.json, as rules/silences/render.ts writes it. */
const declaredSchema = z.object({
  silences: z.array(
    z.object({
      name: z.string().regex(/^[a-z0-9-]+$/),
      matchers: z.array(matcher).min(1),
      endsAt: z.iso.datetime(),
      comment: z.string().min(1),
    }),
  ),
});

function loadConfig(env: Env) {
  const c = parseConfig(schema, env);
  const password = readSecret(env, 'GATE_MONITORING_PASSWORD');
  if (!password)
    throw new ConfigError(['GATE_MONITORING_PASSWORD: required (or GATE_MONITORING_PASSWORD_FILE)']);
  return {
    url: c.ALERTMANAGER_URL,
    authorization: `Basic ${Buffer.from(`${c.GATE_MONITORING_USER}:${password}`).toString('base64')}`,
  };
}

try {
  const api = loadConfig(process.env);
  const input = declaredSchema.safeParse(JSON.parse(await text(process.stdin)));
  if (!input.success)
    throw new ConfigError(input.error.issues.map((i) => `silences.json ${i.path.join('.')}: ${i.message}`));
  const result = await reconcileSilences(api, input.data.silences);
  const said = (what: string, names: string[]) => (names.length ? `${what} ${names.join(', ')}` : undefined);
  const changes = [
    said('created', result.created),
    said('updated', result.updated),
    said('expired', result.expired),
    said('left ended', result.ended),
  ].filter(Boolean);
  console.log(
    `silences: ${changes.length ? changes.join('; ') : 'nothing to change'} (${result.unchanged.length} unchanged, ${input.data.silences.length} declared)`,
  );
} catch (err) {
  console.error(`silences: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
