import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDir, provideServices, type Services } from '@carbon-account/infra';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    brokers: string[];
    clickhouseUrl: string;
    runId: string;
    sqlLogFile: string;
    serviceSource: string;
  }
}

const prefix = 'carbon-account-test-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Folders left by runs that were killed; their processes ended with them (infra/bin/tether). */
function removeStaleRuns() {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (name.startsWith(prefix) && pid && !alive(pid)) {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

let services: Services | undefined;
let runDir = '';

export async function setup(project: TestProject) {
  removeStaleRuns();
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  runDir = join(tmpdir(), `${prefix}${runId}`);
  mkdirSync(runDir, { recursive: true });
  services = await provideServices({
    dir: runDir,
    log: (line) => console.log(`[services] ${line}`),
  });
  mkdirSync(localDir, { recursive: true });
  const sqlLogFile = process.env.CLICKHOUSE_SQL_LOG ?? join(localDir, 'test-sql.log');
  if (!existsSync(sqlLogFile)) writeFileSync(sqlLogFile, '');
  console.log(
    `[services] Kafka ${services.brokers.join(',')} (${services.source.kafka}), ClickHouse ${services.clickhouseUrl} (${services.source.clickhouse})`,
  );
  project.provide('brokers', services.brokers);
  project.provide('clickhouseUrl', services.clickhouseUrl);
  project.provide('runId', runId.replace(/-/g, '_'));
  project.provide('sqlLogFile', sqlLogFile);
  project.provide('serviceSource', `${services.source.kafka}/${services.source.clickhouse}`);
}

export async function teardown() {
  await services?.stop();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
}
