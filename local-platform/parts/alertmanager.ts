import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningAlertmanager, startAlertmanager } from '../alertmanager.ts';
import { findBinary, missingBinaryMessage } from '../binaries.ts';
import { renderLocalAlertmanagerConfig } from '../rules-and-routing.ts';
import type { ServiceProcess } from '../service-process.ts';
import type { PartContext } from './context.ts';

/**
 * The real Alertmanager with the generated routing, every receiver pointed at the notifier (its
 * bearer token in a file only the owner reads): where the binary is installed and the notifier runs.
 */
export async function startLocalAlertmanager(
  ctx: PartContext,
  notifier: ServiceProcess | undefined,
  notifierToken: string,
): Promise<RunningAlertmanager | undefined> {
  if (!findBinary('prometheus-alertmanager') && !findBinary('alertmanager')) {
    ctx.missing.push({ part: 'alertmanager', reason: missingBinaryMessage('prometheus-alertmanager') });
    return undefined;
  }
  if (!notifier) {
    ctx.missing.push({
      part: 'alertmanager',
      reason: 'alertmanager: needs the notifier, which is not running',
    });
    return undefined;
  }
  const dir = join(ctx.options.dataDir, 'alertmanager');
  await mkdir(dir, { recursive: true });
  const tokenFile = join(dir, 'notifier-token');
  await writeFile(tokenFile, notifierToken, { mode: 0o600 });
  ctx.say('starting Alertmanager');
  const rendered = renderLocalAlertmanagerConfig({
    notifierUrl: notifier.url,
    tokenFile,
    ...ctx.options.routing,
  });
  const started = await startAlertmanager({
    dir,
    port: ctx.ports.alertmanager,
    config: ctx.options.adjustRouting ? ctx.options.adjustRouting(rendered) : rendered,
  });
  ctx.parts.add('Alertmanager', started);
  ctx.say(`Alertmanager ready on ${started.url}`);
  return started;
}
