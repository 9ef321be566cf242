// Deterministic randomness for fakes and generated fixtures: the same seed gives the same
// numbers on every run and platform, so tests can compute what a fake will answer.

/** FNV-1a: small, stable across runs and platforms. */
export function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/** xorshift32 seeded by the hash of `seed`: numbers in [0, 1). */
export function seededRandom(seed: string): () => number {
  let state = hash(seed) || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** An 11-character YouTube-style id drawn from `seed`. */
export function seededVideoId(seed: string): string {
  const next = seededRandom(seed);
  let id = '';
  for (let i = 0; i < 11; i++) id += ID_ALPHABET[Math.floor(next() * 64)];
  return id;
}
