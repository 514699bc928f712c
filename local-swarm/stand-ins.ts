// The test's own services beside a stack: scripts of this folder (sinks.mjs, the Slack and SMTP
// stand-in; echo.mjs) run in our image from a bind-mounted folder. Shared by the single-node Swarm
// test's stack (test-stack.ts) and the multi-node HA stack (ha-monitoring.ts).

/** The stack's Slack webhook and SMTP secrets (file name to content), aimed at the stand-in `service`. */
export function sinkSecrets(service: string): Record<string, string> {
  return {
    ...Object.fromEntries(
      ['oncall', 'platform', 'port_ops'].map((channel) => [
        `slack_webhook_${channel}`,
        `http://${service}:8080/slack/${channel}\n`,
      ]),
    ),
    smtp_url: `smtp://${service}:2525\n`,
  };
}

/** What the stand-in wrote to one of its `*.jsonl` files: one record per message received. */
export const parseSunk = (text: string): Array<Record<string, unknown>> =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * `docker service create` arguments for a one-task service running `script` from `dir` (mounted
 * at /sinks) in `image`, on `network`, where `constraints` put it.
 */
export function standInServiceArgs(o: {
  name: string;
  network: string;
  dir: string;
  image: string;
  script: string;
  constraints?: string[];
}): string[] {
  return [
    'service',
    'create',
    '-d',
    '--name',
    o.name,
    '--network',
    o.network,
    '--endpoint-mode',
    'dnsrr',
    // The image's HEALTHCHECK asks a PortTrack service's /healthz.
    '--no-healthcheck',
    ...(o.constraints ?? []).flatMap((c) => ['--constraint', c]),
    '--mount',
    `type=bind,src=${o.dir},dst=/sinks`,
    o.image,
    `/sinks/${o.script}`,
  ];
}
