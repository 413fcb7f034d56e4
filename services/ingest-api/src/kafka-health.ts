import type { Admin, Kafka } from 'kafkajs';

/**
 * Whether the brokers answer and know the topics this service writes. The answer is kept
 * for a second so a busy prober does not turn into broker load.
 */
export function kafkaReadiness(kafka: Kafka, topics: string[], timeoutMs = 2_000) {
  let admin: Admin | undefined;
  let last = { at: 0, ok: false };
  const check = async () => {
    admin ??= kafka.admin({ retry: { retries: 0 } });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        (async () => {
          await admin?.connect();
          await admin?.fetchTopicMetadata({ topics });
        })(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Kafka did not answer')), timeoutMs);
        }),
      ]);
      return true;
    } catch {
      const stale = admin;
      admin = undefined;
      await stale?.disconnect().catch(() => undefined);
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async ready(): Promise<boolean> {
      if (Date.now() - last.at < 1_000) return last.ok;
      last = { at: Date.now(), ok: await check() };
      return last.ok;
    },
    async close() {
      await admin?.disconnect().catch(() => undefined);
    },
  };
}
