import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface FrontEndBundle {
  js: string;
  css: string;
  /** The script gzipped once at start: a third of the bytes for a phone on a slow link. */
  jsGzip?: Buffer;
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
  const js = text('.js');
  return { js, css: text('.css'), jsGzip: gzipSync(js, { level: 9 }) };
}
