import type { Logger } from 'pino';

type Stop = () => Promise<unknown> | unknown;

/**
 * Runs the stop steps in reverse order of registration on SIGINT/SIGTERM (servers stop
 * taking work before the clients they write through are closed), then exits. A second
 * signal, or steps taking longer than `graceMs`, exits at once.
 */
export function stopOnSignals(logger: Logger, graceMs = 15_000) {
  const steps: { name: string; stop: Stop }[] = [];
  let stopping = false;
  const run = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    for (const step of [...steps].reverse()) {
      try {
        await step.stop();
      } catch (err) {
        logger.error({ err, step: step.name }, 'stop step failed');
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void run('SIGINT'));
  process.once('SIGTERM', () => void run('SIGTERM'));
  return {
    add(name: string, stop: Stop) {
      steps.push({ name, stop });
    },
  };
}
