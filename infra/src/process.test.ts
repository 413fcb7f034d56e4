import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from './process.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('tethered processes', () => {
  it('end when the Node process that started them is killed with SIGKILL', async () => {
    // A parent that starts a tethered `sleep` and prints its pid, then is killed.
    const script = `
      import { startTethered } from './infra/src/process.ts';
      const t = startTethered('sleep', ['300']);
      setTimeout(() => { console.log(process.pid + ' ' + t.child.pid); }, 300);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn('npx', ['--no-install', 'tsx', '--eval', script], {
      cwd: new URL('../..', import.meta.url).pathname,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [ownerPid, tetherPid] = (
      await new Promise<string>((resolve) =>
        parent.stdout.once('data', (d) => resolve(String(d).trim())),
      )
    )
      .split(' ')
      .map(Number) as [number, number];
    expect(alive(tetherPid)).toBe(true);
    const { execSync } = await import('node:child_process');
    const sleepPid = Number(
      execSync(`pgrep -P ${tetherPid} sleep`).toString().trim().split('\n')[0],
    );
    expect(alive(sleepPid)).toBe(true);
    process.kill(ownerPid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while ((alive(sleepPid) || alive(tetherPid)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(alive(sleepPid)).toBe(false);
    expect(alive(tetherPid)).toBe(false);
  }, 30_000);

  it('finds a free port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });
});
