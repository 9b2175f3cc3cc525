/**
 * Random unit vectors in place of a model, for the hybrid index at sizes
 * where embedding every paragraph with the model would take an hour on this
 * machine: the HNSW graph, its memory and its query time are those of real
 * vectors of the same size (random ones are, if anything, harder for HNSW),
 * while embedding speed is measured separately with the model.
 */
import type { Embedder } from '../src/model/embedder.js';
import { mulberry32 } from '../src/util/random.js';

export const RANDOM_VECTORS_PREFIX = 'random:';

/** `random:384` → 384; null for a real model. */
export function randomDimensions(model: string | null): number | null {
  return model?.startsWith(RANDOM_VECTORS_PREFIX) ? Number(model.slice(RANDOM_VECTORS_PREFIX.length)) : null;
}

/** Same text, same vector: a seed from the text's characters. */
function vectorFor(text: string, dimensions: number): Float32Array {
  let seed = 2166136261;
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 16777619);
  const random = mulberry32(seed);
  const v = new Float32Array(dimensions);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) {
    v[i] = random() * 2 - 1;
    norm += v[i]! * v[i]!;
  }
  const scale = 1 / Math.sqrt(norm);
  for (let i = 0; i < dimensions; i++) v[i]! *= scale;
  return v;
}

export function randomEmbedder(dimensions: number): Embedder {
  return {
    model: `${RANDOM_VECTORS_PREFIX}${dimensions}`,
    dtype: 'fp32',
    dimensions,
    embedPassages: async (texts, onBatch) => {
      const out = texts.map((t) => vectorFor(t, dimensions));
      onBatch?.(texts.length);
      return out;
    },
    embedQuery: async (text) => vectorFor(`query: ${text}`, dimensions),
  };
}
