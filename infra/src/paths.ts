import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's place in it. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Everything the project downloads or keeps between runs lives here (ignored by git). */
export const localDir = process.env.CARBON_LOCAL_DIR ?? join(projectRoot, '.local');

export const tetherScript = join(projectRoot, 'infra', 'bin', 'tether');
