import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './paths.js';
import { freePort, onPath, startTethered, waitUntil } from './process.js';

/**
 * Makes sure a ClickHouse server binary is installed: Debian's `clickhouse-server`,
 * installed with apt when missing and running as root; otherwise says what to do.
 */
export function ensureClickHouseBinary(log: (line: string) => void = () => {}): string {
  if (onPath('clickhouse-server')) return 'clickhouse-server';
  if (process.getuid?.() !== 0) {
    throw new Error(
      'clickhouse-server is not installed and this is not root. Run `sudo apt-get install -y clickhouse-server`, or set CLICKHOUSE_URL to an existing server.',
    );
  }
  log('installing Debian clickhouse-server with apt (first run only)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let result = spawnSync('apt-get', ['install', '-y', '-q', 'clickhouse-server'], {
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore' });
    result = spawnSync('apt-get', ['install', '-y', '-q', 'clickhouse-server'], {
      env,
      encoding: 'utf8',
    });
  }
  if (result.status !== 0 || !onPath('clickhouse-server')) {
    throw new Error(
      `apt-get install clickhouse-server failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  return 'clickhouse-server';
}

export interface LocalClickHouse {
  url: string;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function pingOk(url: string): Promise<boolean> {
  const res = await fetch(`${url}/ping`);
  return res.ok;
}

/**
 * Starts a ClickHouse server as a child process with its own config, data, log folder and
 * ports (never the system service, never 8123/9000 unless asked). `start()` after `stop()`
 * brings the same server back on the same ports.
 */
export async function startLocalClickHouse(opts: {
  dir: string;
  httpPort?: number;
  log?: (line: string) => void;
}): Promise<LocalClickHouse> {
  const binary = ensureClickHouseBinary(opts.log);
  for (const sub of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) {
    mkdirSync(join(opts.dir, sub), { recursive: true });
  }
  const httpPort = opts.httpPort || (await freePort());
  const tcpPort = await freePort();
  const interserverPort = await freePort();
  const template = readFileSync(
    join(projectRoot, 'infra', 'clickhouse', 'config.template.xml'),
    'utf8',
  );
  const values: Record<string, string> = {
    dir: opts.dir,
    httpPort: String(httpPort),
    tcpPort: String(tcpPort),
    interserverPort: String(interserverPort),
  };
  writeFileSync(
    join(opts.dir, 'config.xml'),
    template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? ''),
  );
  copyFileSync(join(projectRoot, 'infra', 'clickhouse', 'users.xml'), join(opts.dir, 'users.xml'));
  const url = `http://127.0.0.1:${httpPort}`;
  let proc: ReturnType<typeof startTethered> | undefined;
  const start = async () => {
    proc = startTethered(binary, [`--config-file=${join(opts.dir, 'config.xml')}`], {
      cwd: opts.dir,
    });
    const current = proc;
    await waitUntil(`ClickHouse on port ${httpPort}`, () => pingOk(url), {
      timeoutMs: 60_000,
      failed: () =>
        current.child.exitCode !== null
          ? `exited with ${current.child.exitCode}; see ${join(opts.dir, 'log', 'clickhouse-server.err.log')}`
          : undefined,
    });
  };
  await start();
  return {
    url,
    dir: opts.dir,
    start,
    stop: async () => {
      await proc?.stop();
    },
  };
}
