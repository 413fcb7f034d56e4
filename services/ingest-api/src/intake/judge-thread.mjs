// A judging thread starts here: a new thread has none of the main thread's module hooks,
// so tsx is registered before the TypeScript module is loaded.
import { register } from 'tsx/esm/api';

register();
const { default: judgeOnThread } = await import('./judge-thread.ts');
export default judgeOnThread;
