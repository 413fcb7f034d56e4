/**
 * Deterministic noise: every random draw of the simulation is a hash of the seed and of
 * what it is for (org, stream, period), not a step of one shared sequence. So any window
 * of time can be generated on its own and gives the same values as a longer run over it:
 * a backfill followed by live mode repeats nothing differently, and a test can regenerate
 * exactly what a process sent.
 */
function mix(h: number, x: number): number {
  let k = Math.imul(x | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let r = h ^ k;
  r = (r << 13) | (r >>> 19);
  return (Math.imul(r, 5) + 0xe6546b64) | 0;
}

function finish(h: number): number {
  let r = h ^ (h >>> 16);
  r = Math.imul(r, 0x85ebca6b);
  r ^= r >>> 13;
  r = Math.imul(r, 0xc2b2ae35);
  r ^= r >>> 16;
  return (r >>> 0) / 4294967296;
}

/** A number in [0, 1) fixed by the seed and up to four integers. */
export function uniform(seed: number, a: number, b = 0, c = 0, d = 0): number {
  return finish(mix(mix(mix(mix(seed | 0, a), b), c), d));
}

/** A number in [-1, 1], peaked at 0 (sum of two uniforms): small deviations are common, large ones rare. */
export function wobble(seed: number, a: number, b = 0, c = 0, d = 0): number {
  return uniform(seed, a, b, c, d) + uniform(seed ^ 0x5bd1e995, a, b, c, d) - 1;
}

/** Strings (meter ids, industry keys) as hash inputs. */
export function stringKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}
