import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface FrontEndBundle {
  js: string;
  css: string;
}

const entry = fileURLToPath(new URL('../web/app.ts', import.meta.url));

/**
 * Bundles the browser code once at start (a second or two), in memory: there is no build
 * output to go stale or to forget to rebuild before `npm start`.
 */
export async function bundleFrontEnd(opts: { minify: boolean }): Promise<FrontEndBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    target: ['es2020'],
    minify: opts.minify,
    sourcemap: false,
    outdir: 'out',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}
