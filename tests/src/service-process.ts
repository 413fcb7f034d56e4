import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot, serviceCommand, startTethered, type Tethered } from '@carbon-account/infra';
import { descendants } from './measure.js';

// Benchmarks use this module too, and 'vitest' cannot be imported outside its runner.
const onTestFailed = process.env.VITEST ? (await import('vitest')).onTestFailed : undefined;

let logDir: string | undefined;
let started = 0;

/** A file for one service's output, in a directory removed when the test process ends. */
function serviceLogFile(name: string): string {
  if (!logDir) {
    const dir = mkdtempSync(join(tmpdir(), 'carbon-account-services-'));
    logDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  started += 1;
  return join(logDir, `${started}-${name}.log`);
}

/** The last lines a service wrote: what CI prints when a test that started it fails. */
function lastLines(file: string, lines = 60): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/**
 * Starts `services/<name>/src/main.ts` as a real child process, as `npm start` does, tied
 * to the test process. Its output goes to the test's stdout when TEST_SERVICE_OUTPUT=1;
 * otherwise to a file whose last lines are printed if the test that started it fails, so a
 * failure in CI says what the service was doing.
 */
export function startService(name: string, env: NodeJS.ProcessEnv): Tethered {
  // e.g. SERVICE_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof" to profile a service under test
  const flags = (process.env.SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const { command, args } = serviceCommand(name, flags);
  if (process.env.TEST_SERVICE_OUTPUT === '1') {
    return startTethered(command, args, { cwd: projectRoot, env, stdout: 'inherit' });
  }
  const file = serviceLogFile(name);
  const fd = openSync(file, 'a');
  const service = startTethered(command, args, { cwd: projectRoot, env, stdout: fd });
  closeSync(fd); // the child holds its own copy
  try {
    onTestFailed?.(() => {
      const state = service.child.exitCode ?? service.child.signalCode ?? 'still running';
      console.error(`--- last output of ${name} (exit: ${state}) ---\n${lastLines(file)}\n---`);
    });
  } catch {
    // started outside a test (a benchmark, a hook): nobody to report to
  }
  return service;
}

/** Polls until `check` is true; fails with `what` after the timeout. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * SIGKILL of the service itself (not its tether): no shutdown code runs, as when a
 * machine or the OOM killer takes it. Resolves when the tether saw it die.
 */
export async function killService(service: Tethered): Promise<void> {
  const pid = service.child.pid;
  if (pid === undefined) return;
  for (const p of descendants(pid)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await service.exited;
}
