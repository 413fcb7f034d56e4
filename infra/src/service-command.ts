import { join } from 'node:path';
import { projectRoot } from './paths.js';

/**
 * How every service and tool of the repository is started: node itself with tsx's loader
 * (`node --import tsx services/<name>/src/main.ts`). The `tsx` command would start node as a
 * child, a second process of about 50 MB per service that also stands between the
 * service and the signals sent to stop it. `nodeFlags` (e.g. --cpu-prof) go to node.
 */
export function nodeWithTsx(script: string, nodeFlags: readonly string[] = []) {
  return { command: process.execPath, args: [...nodeFlags, '--import', 'tsx', script] };
}

/** The command of `services/<name>/src/main.ts`. */
export function serviceCommand(name: string, nodeFlags: readonly string[] = []) {
  return nodeWithTsx(join(projectRoot, 'services', name, 'src', 'main.ts'), nodeFlags);
}
