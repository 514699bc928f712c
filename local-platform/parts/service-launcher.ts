import { join } from 'node:path';
import type { JobKey } from '../../lib/monitoring/index.ts';
import type { PortName } from '../ports.ts';
import { ServiceMissing, type ServiceProcess, startServiceProcess } from '../service-process.ts';
import { type ServiceName, services } from '../services.ts';
import type { PartContext } from './context.ts';

/**
 * Starts the platform's own services as child processes (services.ts) on their ports, keeps each
 * one's environment so `restart` brings it back the same, and registers each as a part. A
 * service whose code has not landed is reported missing, not an error.
 */
export class ServiceLauncher {
  readonly running: Partial<Record<ServiceName, ServiceProcess>> = {};
  private readonly envs: Partial<Record<ServiceName, NodeJS.ProcessEnv>> = {};
  private readonly registered = new Set<ServiceName>();

  constructor(private readonly ctx: PartContext) {}

  async launch(name: ServiceName, env: NodeJS.ProcessEnv): Promise<ServiceProcess | undefined> {
    const { options, ports, say } = this.ctx;
    const spec = services[name];
    const full: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      ...env,
      ...options.env?.[name],
    };
    if ('portVariable' in spec) full[spec.portVariable] = String(ports[name as PortName]);
    if ('hostVariable' in spec) full[spec.hostVariable] = '127.0.0.1';
    this.envs[name] = full;
    options.signal?.throwIfAborted();
    say(`starting ${name}`);
    try {
      const started = await startServiceProcess(spec, full, this.logFile(name));
      this.up(name, started);
      say(`${name} ready on ${started.url}`);
      return started;
    } catch (err) {
      if (!(err instanceof ServiceMissing)) throw err;
      this.ctx.missing.push({ part: name, reason: err.message });
      say(`${name} skipped: ${err.message}`);
      return undefined;
    }
  }

  /** Starts a stopped or killed service again on the same port, with the same environment. */
  async restart(name: ServiceName): Promise<ServiceProcess> {
    await this.running[name]?.stop();
    const env = this.envs[name];
    if (!env) throw new Error(`${name} was never started`);
    const started = await startServiceProcess(services[name], env, this.logFile(name));
    this.up(name, started);
    return started;
  }

  /** Records the process that runs now; the first time, registers the part, which stops whichever process runs then. */
  private up(name: ServiceName, started: ServiceProcess): void {
    if (!this.registered.has(name))
      this.ctx.parts.add(name, { stop: async () => this.running[name]?.stop() });
    this.registered.add(name);
    this.running[name] = started;
  }

  /** Whether a running service is the one Prometheus scrapes as this job. */
  runsJob(key: JobKey): boolean {
    return Object.values(this.running).some(
      (s) => s && (services[s.name as ServiceName] as { job?: string }).job === key,
    );
  }

  private logFile(name: ServiceName): string {
    return join(this.ctx.logs, `${name}.log`);
  }
}
