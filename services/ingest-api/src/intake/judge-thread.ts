import type { TopicNames } from '@carbon-account/kafka';
import { Piscina, transferableSymbol, valueSymbol } from 'piscina';
import { loadApiKeys } from '../api-keys.js';
import { BodyError } from './body-error.js';
import { type JudgedRequest, judgeRequest, type RequestToJudge } from './judge-request.js';

/** What a judging thread is started with. */
export interface JudgeThreadData {
  keysFile: string;
  topics: TopicNames;
}

/** A judged request, or why the body was refused as a whole. */
export type ThreadAnswer =
  | { judged: JudgedRequest }
  | { refused: Pick<BodyError, 'statusCode' | 'error' | 'message'> };

const data = Piscina.workerData as JudgeThreadData;
const keys = loadApiKeys(data.keysFile);

/** Runs on a judging thread: one request's body in, its judgement out. */
export default function judgeOnThread(req: RequestToJudge) {
  const key = keys.byId(req.keyId);
  if (!key) throw new Error(`API key '${req.keyId}' is not in ${data.keysFile} on this thread`);
  let answer: ThreadAnswer;
  try {
    answer = { judged: judgeRequest(req, key, data.topics) };
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    return { refused: { statusCode: err.statusCode, error: err.error, message: err.message } };
  }
  const { records } = answer.judged;
  // The records' bytes move to the request thread instead of being copied.
  return Piscina.move({
    [transferableSymbol]: [records.bytes.buffer, records.ends.buffer, records.valueStarts.buffer],
    [valueSymbol]: answer,
  });
}
