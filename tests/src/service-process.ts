import { projectRoot, serviceCommand, startTethered, type Tethered } from '@carbon-account/infra';
import { descendants } from './measure.js';

/**
 * Starts `services/<name>/src/main.ts` as a real child process, as `npm start` does, tied
 * to the test process. Its output goes to the test's stdout when TEST_SERVICE_OUTPUT=1.
 */
export function startService(name: string, env: NodeJS.ProcessEnv): Tethered {
  // e.g. SERVICE_NODE_FLAGS="--cpu-prof --cpu-prof-dir=prof" to profile a service under test
  const flags = (process.env.SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const { command, args } = serviceCommand(name, flags);
  return startTethered(command, args, {
    cwd: projectRoot,
    env,
    stdout: process.env.TEST_SERVICE_OUTPUT === '1' ? 'inherit' : 'ignore',
  });
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
