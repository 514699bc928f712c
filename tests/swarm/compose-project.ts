import { join } from 'node:path';
import { docker, run } from '../../local-swarm/docker-host.ts';

/**
 * The compose CLI this machine has: the `docker compose` plugin (Compose v2) where the docker CLI
 * carries it, else the standalone `docker-compose` (Debian's 1.29, which scripts/test-swarm.sh
 * installs when neither is there). Both read stack/docker-compose.yml alike.
 */
export function composeCli(): { command: string[]; version: string } {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    try {
      const version = run(command[0]!, [...command.slice(1), 'version', '--short']);
      return { command, version };
    } catch {
      /* not this one */
    }
  }
  throw new Error('no compose CLI: apt-get install docker-compose (or install the docker compose plugin)');
}

/** What a compose project leaves in Docker, found by the label compose puts on everything it makes. */
export function leftovers(project: string) {
  const label = `label=com.docker.compose.project=${project}`;
  const list = (...args: string[]) =>
    docker(...args, '-q', '--filter', label)
      .split('\n')
      .filter(Boolean);
  return { containers: list('ps', '-a'), volumes: list('volume', 'ls'), networks: list('network', 'ls') };
}

/**
 * stack/docker-compose.yml run under its own project name, with the environment the test gives
 * it (image variables, ports), exactly as a developer types it otherwise.
 */
export class ComposeProject {
  readonly cli = composeCli();

  constructor(
    readonly repoRoot: string,
    readonly name: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Runs one compose command (`--profile monitoring` when asked) and returns its output. */
  run(args: string[], options: { monitoring?: boolean } = {}) {
    const [cmd, ...pre] = this.cli.command;
    const file = join(this.repoRoot, 'stack/docker-compose.yml');
    const profile = options.monitoring ? ['--profile', 'monitoring'] : [];
    return run(cmd!, [...pre, '-p', this.name, '-f', file, ...profile, ...args], {
      env: { ...process.env, ...this.env },
    });
  }

  /** Services with a running container. */
  running(): string[] {
    return this.run(['ps', '--services', '--filter', 'status=running'], { monitoring: true })
      .split('\n')
      .filter(Boolean)
      .sort();
  }

  /** Health of a service's container as Docker reports it (healthy, starting, unhealthy, none). */
  health(service: string): string {
    const id = this.run(['ps', '-q', service], { monitoring: true });
    if (!id) return 'absent';
    return docker(
      'inspect',
      id,
      '--format',
      '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}',
    );
  }

  /** Removes the project: containers, its volumes and its network, every profile included. */
  down() {
    return this.run(['down', '--volumes', '--remove-orphans', '--timeout', '10'], { monitoring: true });
  }
}
