import { Piscina } from 'piscina';
import { BodyError } from './body-error.js';
import type { JudgedRequest, RequestToJudge } from './judge-request.js';
import type { JudgeThreadData, ThreadAnswer } from './judge-thread.js';

/** Judges requests on threads of their own. */
export interface RequestJudge {
  /** The request judged; a BodyError when its body is refused as a whole. */
  judge(req: RequestToJudge): Promise<JudgedRequest>;
  close(): Promise<void>;
}

/**
 * Reading, checking and encoding a request's items is most of the request thread's work
 * that is not HTTP or Kafka; on threads of their own it runs beside them, on the core the
 * request thread leaves idle. Each thread loads the keys file itself.
 */
export function startJudgeThreads(opts: JudgeThreadData & { threads: number }): RequestJudge {
  const pool = new Piscina({
    filename: new URL('./judge-thread.mjs', import.meta.url).href,
    minThreads: opts.threads,
    maxThreads: opts.threads,
    idleTimeout: Number.POSITIVE_INFINITY,
    // Half of V8's default young generation: a thread judges one request at a time, and
    // the RSS of the whole process must stay near 300 MB (npm run bench -- ingest).
    resourceLimits: { maxYoungGenerationSizeMb: 24 },
    workerData: { keysFile: opts.keysFile, topics: opts.topics } satisfies JudgeThreadData,
  });
  return {
    async judge(req) {
      // A body that owns its memory moves to the thread instead of being copied; one that
      // shares a pooled slab (a small body) is copied, or the slab would go with it.
      const { body } = req;
      const owns = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
      const answer = (await pool.run(req, {
        transferList: owns ? [body.buffer as ArrayBuffer] : [],
      })) as ThreadAnswer;
      if ('refused' in answer) {
        const r = answer.refused;
        throw new BodyError(r.statusCode, r.error, r.message);
      }
      return answer.judged;
    },
    close: () => pool.destroy(),
  };
}
