/**
 * Tokenizers cut text into the same token ids after what they do not need is
 * released (src/model/tokenizer-memory.ts): a Unigram (SentencePiece) one, the
 * kind multilingual-e5 uses, with its prefix trie replaced by a search of its
 * piece map, and a WordPiece one; directly and through the embedder.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadEvalData } from '../../bench/datasets.js';
import { readConfig } from '../../src/config.js';
import { loadEmbedder } from '../../src/model/embedder.js';
import { compactTokenizer } from '../../src/model/tokenizer-memory.js';
import { mulberry32 } from '../../src/util/random.js';

const ROOT = path.join(import.meta.dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/tiny-model');
const SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];

/** Texts in both scripts, Latin and digits: the corpus's lines and dev-set questions. */
function texts(): string[] {
  const corpus = path.join(ROOT, 'corpus');
  const lines = readdirSync(corpus).flatMap((f) => readFileSync(path.join(corpus, f), 'utf8').split('\n'));
  const questions = loadEvalData().scenarios.flatMap((s) => s.questions.slice(0, 100).map((q) => q.query));
  return [...lines, ...questions, 'Hunan provincial news, 2024-02-19 22:07', 'query: 毛伟明', '▁▁ 空格  两个'].filter((t) => t.trim());
}

/**
 * A Unigram tokenizer.json whose pieces are 1–6-character runs of the texts (some with SentencePiece's
 * word-start mark), many sharing prefixes, with seeded scores: `rows` pieces in all.
 */
function unigramTokenizer(source: string[], rows: number): object {
  const random = mulberry32(7);
  const pieces = new Set<string>();
  for (const t of source) {
    const chars = [...t.replace(/\s+/g, '')];
    for (let i = 0; i < chars.length && pieces.size < rows - SPECIALS.length; i += 3) {
      const piece = chars.slice(i, i + 1 + Math.floor(random() * 6)).join('');
      pieces.add(random() < 0.3 ? `▁${piece}` : piece);
    }
  }
  const vocab = [...SPECIALS.map((s) => [s, 0]), ...[...pieces].map((p) => [p, -2 - 10 * random()])];
  return {
    version: '1.0',
    added_tokens: SPECIALS.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [],
      special_tokens: { '<s>': { id: '<s>', ids: [0], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab },
  };
}

const TOKENIZER_CONFIG = { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', pad_token: '<pad>', mask_token: '<unk>', sep_token: '</s>', cls_token: '<s>', model_max_length: 512 };

let dir: string;
let model: string;
let all: string[];
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'unigram-'));
  model = path.join(dir, 'unigram-model');
  // The tiny model's weights with a Unigram tokenizer no larger than its embedding table.
  cpSync(FIXTURE, model, { recursive: true });
  const rows = (JSON.parse(readFileSync(path.join(FIXTURE, 'config.json'), 'utf8')) as { vocab_size: number }).vocab_size;
  all = texts();
  writeFileSync(path.join(model, 'tokenizer.json'), JSON.stringify(unigramTokenizer(all, rows)));
  writeFileSync(path.join(model, 'tokenizer_config.json'), JSON.stringify(TOKENIZER_CONFIG));
  env.localModelPath = dir;
  env.allowRemoteModels = false;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ids = (tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>, t: string[]) =>
  (tokenizer(t, { padding: false, truncation: true, return_tensor: false }) as { input_ids: number[][] }).input_ids;

it('gives the same token ids with the Unigram trie and parsed vocabulary released', async () => {
  const plain = await AutoTokenizer.from_pretrained('unigram-model');
  const compact = await AutoTokenizer.from_pretrained('unigram-model');
  expect(compactTokenizer(compact)).toEqual({ vocabulary: true, prefixTrie: true });
  const expected = ids(plain, all);
  // Pieces longer than one character are used: the search is exercised, not only its fallback.
  expect(expected.flat().filter((id) => id > 3).length).toBeLessThan(all.join('').length * 0.8);
  expect(ids(compact, all)).toEqual(expected);
}, 60_000);

it('gives the same token ids with a WordPiece tokenizer’s parsed vocabulary released', async () => {
  env.localModelPath = path.dirname(FIXTURE);
  const plain = await AutoTokenizer.from_pretrained('tiny-model');
  const compact = await AutoTokenizer.from_pretrained('tiny-model');
  env.localModelPath = dir;
  expect(compactTokenizer(compact)).toEqual({ vocabulary: true, prefixTrie: false });
  expect(ids(compact, all)).toEqual(ids(plain, all));
});

it('is what the embedder tokenizes with', async () => {
  const plain = await AutoTokenizer.from_pretrained('unigram-model');
  const embedder = await loadEmbedder(readConfig({ EMBEDDING_MODEL: model, INDEX_DIR: 'unused' }));
  const tokenizer = (embedder as unknown as { extractor: { tokenizer: unknown } }).extractor.tokenizer;
  expect(tokenizer).not.toHaveProperty(['_tokenizer', 'model', 'trie', 'root']);
  expect(tokenizer).not.toHaveProperty(['_tokenizer', 'model', 'config', 'vocab']);
  expect(embedder.tokenize(all.slice(0, 200)).map((t) => [...t])).toEqual(ids(plain, all.slice(0, 200)));
}, 60_000);
