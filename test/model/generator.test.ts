import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, ones_like, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { PRESETS, buildVocabulary, generateModelFolder, readTexts, DEFAULT_VOCAB_SOURCES } from '../../scripts/onnx-bert.js';

// Regenerate with: npm run gen-model -- --out test/fixtures/tiny-model --preset tiny
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/tiny-model');
const HIDDEN = PRESETS.tiny.shape.hidden;
const TEXTS = ['passage: 湖南日报', 'passage: 毛伟明主持召开省政府党组会议'];
const DTYPES = ['fp32', 'q8'] as const;

async function folderFiles(dir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  const entries = await Promise.all(
    files.map(async (e) => {
      const full = path.join(e.parentPath, e.name);
      return [path.relative(dir, full), await readFile(full)] as const;
    }),
  );
  return new Map(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Names of files that differ between two folders (or exist in only one). */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => !a.get(name) || !b.get(name) || !a.get(name)!.equals(b.get(name)!));
}

function rows(data: Float32Array, dim: number): Float32Array[] {
  return Array.from({ length: data.length / dim }, (_, i) => data.slice(i * dim, (i + 1) * dim));
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((max, v, i) => Math.max(max, Math.abs(v - b[i]!)), 0);
}

function dot(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, v, i) => sum + v * b[i]!, 0);
}

describe('generator', () => {
  const tmpDirs: string[] = [];
  afterAll(() => Promise.all(tmpDirs.map((d) => rm(d, { recursive: true, force: true }))));
  const generate = async (seed?: number) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'onnx-bert-'));
    tmpDirs.push(dir);
    await generateModelFolder(dir, { preset: 'tiny', seed });
    return folderFiles(dir);
  };

  it('writes byte-identical folders for the same seed, equal to the committed fixture', async () => {
    const [first, second, fixture] = await Promise.all([generate(), generate(), folderFiles(FIXTURE)]);
    expect([...first.keys()]).toEqual([
      'config.json',
      'onnx/model.onnx',
      'onnx/model_quantized.onnx',
      'special_tokens_map.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect(differences(first, second)).toEqual([]);
    expect(differences(first, fixture), 'fixture is stale: regenerate it').toEqual([]);
  });

  it('draws other weights for another seed, with the same vocabulary', async () => {
    const [base, other] = await Promise.all([generate(), generate(7)]);
    expect(differences(base, other).sort()).toEqual(['config.json', 'onnx/model.onnx', 'onnx/model_quantized.onnx']);
  });

  it('keeps the committed fixture under 1 MB', async () => {
    const total = [...(await folderFiles(FIXTURE)).values()].reduce((sum, b) => sum + b.length, 0);
    expect(total).toBeLessThan(1_000_000);
  });

  it("gives the e5-small-shape preset the real model's row count, real tokens first", async () => {
    const preset = PRESETS['e5-small-shape'];
    const vocab = buildVocabulary({ texts: await readTexts(DEFAULT_VOCAB_SOURCES), cjkBlock: true, rows: preset.rows });
    expect(vocab).toHaveLength(250_037);
    expect(vocab.slice(0, 5)).toEqual(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
    expect(vocab).toContain('一');
    expect(vocab).toContain('龥');
    expect(vocab.at(-1)).toMatch(/^\[unused\d+\]$/);
    expect(new Set(vocab).size).toBe(vocab.length);
  });
});

describe('tiny model through transformers.js', () => {
  const extractors = {} as Record<(typeof DTYPES)[number], FeatureExtractionPipeline>;

  beforeAll(async () => {
    env.allowRemoteModels = false;
    env.localModelPath = path.dirname(FIXTURE);
    for (const dtype of DTYPES) {
      extractors[dtype] = await pipeline('feature-extraction', path.basename(FIXTURE), { dtype });
    }
  });

  const embed = async (dtype: (typeof DTYPES)[number], texts: string[]) => {
    const output = await extractors[dtype](texts, { pooling: 'mean', normalize: true });
    expect(output.dims).toEqual([texts.length, HIDDEN]);
    return rows(output.data as Float32Array, HIDDEN);
  };

  it('splits Chinese into characters, in both scripts, and maps unknown characters to [UNK]', () => {
    const tokenizer = extractors.fp32.tokenizer;
    expect(tokenizer.tokenize('湖南日报')).toEqual(['湖', '南', '日', '报']);
    expect(tokenizer.tokenize('湖南日報')).toEqual(['湖', '南', '日', '報']);
    expect(tokenizer.tokenize('會議 Hunan')).toEqual(['會', '議', 'h', '##u', '##n', '##a', '##n']);
    expect(tokenizer.tokenize('龘')).toEqual(['[UNK]']);
    const ids = tokenizer.encode('湖南');
    expect(ids.map((id) => tokenizer.decode([id]))).toEqual(['[CLS]', '湖', '南', '[SEP]']);
  });

  describe.each(DTYPES)('%s', (dtype) => {
    it('embeds texts into distinct, finite unit vectors', async () => {
      const [a, b] = (await embed(dtype, TEXTS)) as [Float32Array, Float32Array];
      for (const v of [a, b]) {
        expect(v.every(Number.isFinite)).toBe(true);
        expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
      }
      expect(maxAbsDiff(a, b)).toBeGreaterThan(1e-3);
    });

    it('gives the same text the same vector, in one batch and across calls', async () => {
      const [a, b] = (await embed(dtype, [TEXTS[0]!, TEXTS[0]!])) as [Float32Array, Float32Array];
      const [c] = (await embed(dtype, [TEXTS[0]!])) as [Float32Array];
      expect(maxAbsDiff(a, b)).toBe(0);
      expect(maxAbsDiff(a, c)).toBe(0);
    });

    it('ignores padding: a short text padded in a batch embeds as when alone', async () => {
      const [padded] = (await embed(dtype, TEXTS)) as [Float32Array];
      const [alone] = (await embed(dtype, [TEXTS[0]!])) as [Float32Array];
      // int8 activations share one scale per batch tensor, padding rows included. Without the
      // mask both differ by about 2e-3.
      expect(maxAbsDiff(padded, alone)).toBeLessThan(dtype === 'fp32' ? 1e-4 : 5e-4);
    });

    it('reads attention_mask: unmasked padding changes the real tokens’ states', async () => {
      const { model, tokenizer } = extractors[dtype];
      const inputs = tokenizer(TEXTS, { padding: true });
      const masked = (await model.forward(inputs)).last_hidden_state;
      const unmasked = (await model.forward({ ...inputs, attention_mask: ones_like(inputs.attention_mask) })).last_hidden_state;
      const shortLength = tokenizer(TEXTS[0]!).input_ids.dims[1]!;
      const realTokens = (t: typeof masked) => (t.data as Float32Array).slice(0, shortLength * HIDDEN);
      expect(maxAbsDiff(realTokens(masked), realTokens(unmasked))).toBeGreaterThan(1e-3);
    });
  });

  it('gives close vectors in fp32 and q8', async () => {
    const [fp32, q8] = await Promise.all([embed('fp32', TEXTS), embed('q8', TEXTS)]);
    fp32.forEach((v, i) => expect(dot(v, q8[i]!)).toBeGreaterThan(0.9));
  });
});
