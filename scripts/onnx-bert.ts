/**
 * Generates BERT encoder model folders with random weights, in the layout
 * transformers.js loads offline: config.json, a WordPiece tokenizer.json,
 * tokenizer_config.json, special_tokens_map.json, onnx/model.onnx (fp32) and
 * onnx/model_quantized.onnx (int8, the `q8` dtype).
 *
 * No model hub is reachable from tests or CI, so tests load a tiny generated
 * model and speed is measured on one with multilingual-e5-small's shapes. The
 * weights carry no meaning: quality can't be measured with these models.
 */
import { readdir, readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as OpenCC from 'opencc-js';
import onnxProto from 'onnx-proto';
import type { onnx as Onnx } from 'onnx-proto';
import { mulberry32 } from '../src/util/random.js';

// onnx-proto is CommonJS (`module.exports = $root`): Node exposes it only as a default export.
const { onnx } = onnxProto;
const DataType = onnx.TensorProto.DataType;

export interface BertShape {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocab: number;
  layerNormEps: number;
}

interface Preset {
  shape: BertShape;
  /** Add every CJK Unified Ideograph U+4E00–U+9FFF to the vocabulary. */
  cjkBlock: boolean;
  /** Pad the vocabulary with `[unusedN]` tokens to this many rows. */
  rows?: number;
}

export const PRESETS = {
  /** Small enough to commit (under 1 MB with both weight files), still a real attention stack. */
  tiny: {
    shape: { layers: 2, hidden: 32, heads: 4, intermediate: 128, maxPositions: 512, typeVocab: 2, layerNormEps: 1e-12 },
    cjkBlock: false,
  },
  /** Xenova/multilingual-e5-small's shapes, so load time, memory and speed match the real model. */
  'e5-small-shape': {
    shape: { layers: 12, hidden: 384, heads: 12, intermediate: 1536, maxPositions: 512, typeVocab: 2, layerNormEps: 1e-12 },
    cjkBlock: true,
    rows: 250_037,
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export const DEFAULT_SEED = 42;

/** The bundled corpus: the tiny model's vocabulary covers its characters. */
export const DEFAULT_VOCAB_SOURCES = [path.resolve(import.meta.dirname, '../corpus')];

// ---------------------------------------------------------------------------
// Vocabulary and tokenizer files

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** What BertPreTokenizer splits off as single-character tokens (same class as transformers.js). */
const PUNCTUATION = /^[\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E]$/u;

/**
 * Ideographs the normalizer surrounds with spaces (`handle_chinese_chars`), so they are
 * always whole words. Only BMP ranges: transformers.js tests UTF-16 units, so astral
 * ideographs stay inside words and are treated like letters here.
 */
function isIsolatedIdeograph(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0xf900 && cp <= 0xfaff);
}

/**
 * The characters the tokenizer will see: the normalizer drops control, format and
 * private-use characters, lower-cases and strips accents (pinyin `huì` → `hui`).
 */
function normalizedChars(text: string): string[] {
  const cleaned = text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
  return [...cleaned].filter((c) => !/[\s\p{Cc}\p{Cf}\p{Co}\p{Cs}\uFFFD]/u.test(c));
}

export interface VocabularyOptions {
  /** Texts whose characters, in both Chinese scripts, join the vocabulary. */
  texts: string[];
  cjkBlock: boolean;
  rows?: number;
}

/**
 * Special tokens first, then ASCII, then the CJK block if asked, then the texts'
 * characters (each in simplified and traditional form), then `[unusedN]` fillers.
 * Characters that can occur inside a word also get a `##` continuation form, so
 * every word of covered characters tokenizes without `[UNK]`.
 */
export function buildVocabulary(options: VocabularyOptions): string[] {
  const vocab = new Set<string>(SPECIAL_TOKENS);
  const continuations = new Set<string>();
  const add = (char: string) => {
    vocab.add(char);
    const cp = char.codePointAt(0)!;
    if (!PUNCTUATION.test(char) && !isIsolatedIdeograph(cp)) continuations.add(`##${char}`);
  };
  for (let cp = 0x21; cp <= 0x7e; cp++) {
    const char = String.fromCodePoint(cp);
    if (char === char.toLowerCase()) add(char);
  }
  if (options.cjkBlock) for (let cp = 0x4e00; cp <= 0x9fff; cp++) add(String.fromCodePoint(cp));

  const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
  const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
  const chars = new Set(options.texts.flatMap(normalizedChars));
  for (const char of [...chars]) {
    if (!/\p{Script=Han}/u.test(char)) continue;
    for (const other of [toTraditional(char), toSimplified(char)]) if ([...other].length === 1) chars.add(other);
  }
  const byCodePoint = (a: string, b: string) => a.codePointAt(0)! - b.codePointAt(0)!;
  for (const char of [...chars].sort(byCodePoint)) add(char);

  const tokens = [...vocab, ...[...continuations].filter((t) => !vocab.has(t))];
  const rows = options.rows ?? tokens.length;
  if (tokens.length > rows) throw new Error(`Vocabulary has ${tokens.length} tokens, more than the ${rows} rows asked for.`);
  for (let i = 0; tokens.length < rows; i++) tokens.push(`[unused${i}]`);
  return tokens;
}

/** Reads the texts of files and of `.txt`/`.md` files in folders (recursively, sorted for determinism). */
export async function readTexts(sources: string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const source of sources) {
    if ((await stat(source)).isDirectory()) {
      const entries = await readdir(source, { recursive: true });
      const files = entries.filter((f) => /\.(txt|md)$/i.test(f)).sort();
      for (const file of files) texts.push(await readFile(path.join(source, file), 'utf8'));
    } else {
      texts.push(await readFile(source, 'utf8'));
    }
  }
  return texts;
}

function tokenizerJson(vocab: string[]): object {
  const id = (token: string) => vocab.indexOf(token);
  const special = (token: string, typeId = 0) => ({ SpecialToken: { id: token, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    // strip_accents null follows lowercase (accents stripped), as in BERT's uncased tokenizers.
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [
        special('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        special('[SEP]', 1),
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, i) => [token, i])),
    },
  };
}

const SPECIAL_TOKENS_MAP = {
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  mask_token: '[MASK]',
};

function tokenizerConfig(shape: BertShape): object {
  return {
    ...SPECIAL_TOKENS_MAP,
    tokenizer_class: 'BertTokenizer',
    model_max_length: shape.maxPositions,
    do_lower_case: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    clean_up_tokenization_spaces: true,
  };
}

function bertConfig(shape: BertShape, vocabSize: number, seed: number): object {
  return {
    _comment: `Random weights (seed ${seed}) from scripts/onnx-bert.ts: for tests and speed measurements only.`,
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: shape.hidden,
    num_hidden_layers: shape.layers,
    num_attention_heads: shape.heads,
    intermediate_size: shape.intermediate,
    vocab_size: vocabSize,
    max_position_embeddings: shape.maxPositions,
    type_vocab_size: shape.typeVocab,
    layer_norm_eps: shape.layerNormEps,
    hidden_act: 'gelu',
    initializer_range: INIT_STD,
    pad_token_id: 0,
  };
}

// ---------------------------------------------------------------------------
// Weights

const INIT_STD = 0.02;

/**
 * Roughly normal values (Irwin–Hall sum of four uniforms, variance 1/3): no Math.log or
 * Math.cos, whose last bits could differ between platforms and break byte-identical output.
 */
function randomTensor(random: () => number, size: number, std = INIT_STD): Float32Array {
  const out = new Float32Array(size);
  const k = std * Math.sqrt(3);
  for (let i = 0; i < size; i++) out[i] = (random() + random() + random() + random() - 2) * k;
  return out;
}

interface Linear {
  /** Stored as MatMul's B: [in, out], the transpose of PyTorch's layout. */
  weight: Float32Array;
  bias: Float32Array;
  in: number;
  out: number;
}

interface Norm {
  gamma: Float32Array;
  beta: Float32Array;
}

interface LayerWeights {
  query: Linear;
  key: Linear;
  value: Linear;
  attentionOutput: Linear;
  attentionNorm: Norm;
  intermediate: Linear;
  output: Linear;
  outputNorm: Norm;
}

interface BertWeights {
  shape: BertShape;
  vocabSize: number;
  word: Float32Array;
  position: Float32Array;
  tokenType: Float32Array;
  embeddingNorm: Norm;
  layers: LayerWeights[];
}

function randomWeights(shape: BertShape, vocabSize: number, seed: number): BertWeights {
  const random = mulberry32(seed);
  const { hidden, intermediate } = shape;
  const linear = (inSize: number, outSize: number): Linear => ({
    weight: randomTensor(random, inSize * outSize),
    bias: randomTensor(random, outSize),
    in: inSize,
    out: outSize,
  });
  const norm = (): Norm => ({ gamma: new Float32Array(hidden).fill(1), beta: new Float32Array(hidden) });
  return {
    shape,
    vocabSize,
    word: randomTensor(random, vocabSize * hidden),
    position: randomTensor(random, shape.maxPositions * hidden),
    tokenType: randomTensor(random, shape.typeVocab * hidden),
    embeddingNorm: norm(),
    layers: Array.from({ length: shape.layers }, () => ({
      query: linear(hidden, hidden),
      key: linear(hidden, hidden),
      value: linear(hidden, hidden),
      attentionOutput: linear(hidden, hidden),
      attentionNorm: norm(),
      intermediate: linear(hidden, intermediate),
      output: linear(intermediate, hidden),
      outputNorm: norm(),
    })),
  };
}

/** Signed int8, symmetric per-tensor scale: what onnxruntime's quantize_dynamic does with QInt8 weights. */
function quantizeInt8(values: Float32Array): { data: Int8Array; scale: number } {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  const scale = Math.fround(max / 127) || 1;
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.max(-127, Math.min(127, Math.round(values[i]! / scale)));
  return { data, scale };
}

/** Unsigned, asymmetric per-tensor: quantize_dynamic quantizes Gather tables with the activation type (uint8). */
function quantizeUint8(values: Float32Array): { data: Uint8Array; scale: number; zeroPoint: number } {
  let min = 0;
  let max = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const scale = Math.fround((max - min) / 255) || 1;
  const zeroPoint = Math.round(-min / scale);
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(values[i]! / scale) + zeroPoint));
  return { data, scale, zeroPoint };
}

// ---------------------------------------------------------------------------
// ONNX graph

const OPSET = 14;
/** Additive attention bias for padding: exp(-10000) is exactly 0 in float32. */
const MASK_BIAS = -10000;

type Attributes = Record<string, number | number[]>;

function attribute(name: string, value: number | number[]): Onnx.IAttributeProto {
  const Type = onnx.AttributeProto.AttributeType;
  return Array.isArray(value) ? { name, type: Type.INTS, ints: value } : { name, type: Type.INT, i: value };
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

class GraphBuilder {
  readonly nodes: Onnx.INodeProto[] = [];
  readonly initializers: Onnx.ITensorProto[] = [];
  private readonly constants = new Map<string, string>();
  private count = 0;

  /** Adds a node and returns its outputs' names (`outputs` names them, or gives their count). */
  node(opType: string, inputs: string[], attributes: Attributes = {}, outputs: number | string[] = 1, domain = ''): string[] {
    const name = `${opType}_${this.count++}`;
    const output = typeof outputs === 'number' ? Array.from({ length: outputs }, (_, i) => `${name}_out${i}`) : outputs;
    this.nodes.push({
      name,
      opType,
      domain,
      input: inputs,
      output,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return output;
  }

  /** Adds a single-output node. */
  op(opType: string, inputs: string[], attributes: Attributes = {}, output?: string): string {
    return this.node(opType, inputs, attributes, output ? [output] : 1)[0]!;
  }

  tensor(name: string, dataType: number, dims: number[], data: ArrayBufferView): string {
    this.initializers.push({ name, dataType, dims, rawData: bytesOf(data) });
    return name;
  }

  /** A scalar or small constant, shared by every node that uses the same value. */
  constant(kind: 'float' | 'int64' | 'int8' | 'uint8', values: number[], dims: number[] = []): string {
    const key = `${kind}:${dims.join('x')}:${values.join(',')}`;
    const existing = this.constants.get(key);
    if (existing) return existing;
    const data =
      kind === 'float'
        ? Float32Array.from(values)
        : kind === 'int64'
          ? BigInt64Array.from(values.map(BigInt))
          : kind === 'int8'
            ? Int8Array.from(values)
            : Uint8Array.from(values);
    const type = { float: DataType.FLOAT, int64: DataType.INT64, int8: DataType.INT8, uint8: DataType.UINT8 }[kind];
    const name = this.tensor(`const_${this.constants.size}`, type, dims, data);
    this.constants.set(key, name);
    return name;
  }
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): Onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Builds the encoder graph; `quantized` writes the int8 form of Xenova's `model_quantized.onnx`. */
function buildGraph(w: BertWeights, quantized: boolean): Onnx.IGraphProto {
  const g = new GraphBuilder();
  const { hidden, heads } = w.shape;
  const headSize = hidden / heads;
  const f = (value: number) => g.constant('float', [value]);

  const embedding = (name: string, table: Float32Array, rows: number, ids: string): string => {
    if (!quantized) return g.op('Gather', [g.tensor(name, DataType.FLOAT, [rows, hidden], table), ids]);
    const q = quantizeUint8(table);
    const gathered = g.op('Gather', [g.tensor(`${name}_quantized`, DataType.UINT8, [rows, hidden], q.data), ids]);
    return g.op('DequantizeLinear', [gathered, f(q.scale), g.constant('uint8', [q.zeroPoint])]);
  };

  // One DynamicQuantizeLinear per activation, shared by the MatMuls that read it (Q, K and V).
  const quantizedActivations = new Map<string, string[]>();
  const linear = (x: string, name: string, p: Linear): string => {
    const bias = g.tensor(`${name}.bias`, DataType.FLOAT, [p.out], p.bias);
    if (!quantized) {
      const weight = g.tensor(`${name}.weight`, DataType.FLOAT, [p.in, p.out], p.weight);
      return g.op('Add', [g.op('MatMul', [x, weight]), bias]);
    }
    // The pattern quantize_dynamic writes. onnxruntime fuses it when loading into its int8 kernels
    // (MatMulIntegerToFloat, DynamicQuantizeMatMul); writing those contrib ops directly measured no faster.
    const q = quantizeInt8(p.weight);
    const weight = g.tensor(`${name}.weight_quantized`, DataType.INT8, [p.in, p.out], q.data);
    let xq = quantizedActivations.get(x);
    if (!xq) {
      xq = g.node('DynamicQuantizeLinear', [x], {}, 3);
      quantizedActivations.set(x, xq);
    }
    const [xQuantized, xScale, xZeroPoint] = xq as [string, string, string];
    const product = g.op('MatMulInteger', [xQuantized, weight, xZeroPoint, g.constant('int8', [0])]);
    const asFloat = g.op('Cast', [product], { to: DataType.FLOAT });
    const scale = g.op('Mul', [xScale, f(q.scale)]);
    return g.op('Add', [g.op('Mul', [asFloat, scale]), bias]);
  };

  // Decomposed as PyTorch exports it at opset 14; onnxruntime fuses it back into LayerNormalization.
  const layerNorm = (x: string, name: string, p: Norm, output?: string): string => {
    const mean = g.op('ReduceMean', [x], { axes: [-1] });
    const centered = g.op('Sub', [x, mean]);
    const variance = g.op('ReduceMean', [g.op('Pow', [centered, f(2)])], { axes: [-1] });
    const normalized = g.op('Div', [centered, g.op('Sqrt', [g.op('Add', [variance, f(w.shape.layerNormEps)])])]);
    const gamma = g.tensor(`${name}.weight`, DataType.FLOAT, [hidden], p.gamma);
    const beta = g.tensor(`${name}.bias`, DataType.FLOAT, [hidden], p.beta);
    return g.op('Add', [g.op('Mul', [normalized, gamma]), beta], {}, output);
  };

  // Erf form, as BERT's "gelu" and the pattern onnxruntime fuses into Gelu.
  const gelu = (x: string): string => {
    const erf = g.op('Erf', [g.op('Div', [x, f(Math.SQRT2)])]);
    return g.op('Mul', [g.op('Mul', [x, g.op('Add', [erf, f(1)])]), f(0.5)]);
  };

  // Embeddings: word + token type + position (0..seq-1).
  const seqLength = g.op('Gather', [g.op('Shape', ['input_ids']), g.constant('int64', [1])]);
  const positionIds = g.op('Range', [g.constant('int64', [0]), seqLength, g.constant('int64', [1])]);
  const words = embedding('embeddings.word_embeddings.weight', w.word, w.vocabSize, 'input_ids');
  const types = embedding('embeddings.token_type_embeddings.weight', w.tokenType, w.shape.typeVocab, 'token_type_ids');
  const positions = embedding('embeddings.position_embeddings.weight', w.position, w.shape.maxPositions, positionIds);
  const summed = g.op('Add', [g.op('Add', [words, types]), positions]);
  let hiddenStates = layerNorm(summed, 'embeddings.LayerNorm', w.embeddingNorm);

  // Padding mask as an additive bias [batch, 1, 1, seq], broadcast over heads and query positions.
  const mask = g.op('Cast', [g.op('Unsqueeze', ['attention_mask', g.constant('int64', [1, 2], [2])])], { to: DataType.FLOAT });
  const maskBias = g.op('Mul', [g.op('Sub', [f(1), mask]), f(MASK_BIAS)]);

  const splitHeads = g.constant('int64', [0, 0, heads, headSize], [4]);
  const mergeHeads = g.constant('int64', [0, 0, hidden], [3]);
  w.layers.forEach((layer, i) => {
    const prefix = `encoder.layer.${i}`;
    const x = hiddenStates;
    const toHeads = (name: string, p: Linear, perm: number[]) =>
      g.op('Transpose', [g.op('Reshape', [linear(x, `${prefix}.attention.self.${name}`, p), splitHeads])], { perm });
    const q = toHeads('query', layer.query, [0, 2, 1, 3]); // [batch, heads, seq, headSize]
    const kT = toHeads('key', layer.key, [0, 2, 3, 1]); // [batch, heads, headSize, seq]
    const v = toHeads('value', layer.value, [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Div', [g.op('MatMul', [q, kT]), f(Math.sqrt(headSize))]), maskBias]);
    const probabilities = g.op('Softmax', [scores], { axis: -1 });
    const context = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [probabilities, v])], { perm: [0, 2, 1, 3] }),
      mergeHeads,
    ]);
    const attended = layerNorm(
      g.op('Add', [linear(context, `${prefix}.attention.output.dense`, layer.attentionOutput), x]),
      `${prefix}.attention.output.LayerNorm`,
      layer.attentionNorm,
    );
    const inner = gelu(linear(attended, `${prefix}.intermediate.dense`, layer.intermediate));
    const last = i === w.layers.length - 1;
    hiddenStates = layerNorm(
      g.op('Add', [linear(inner, `${prefix}.output.dense`, layer.output), attended]),
      `${prefix}.output.LayerNorm`,
      layer.outputNorm,
      last ? 'last_hidden_state' : undefined,
    );
  });

  const ids = (name: string) => valueInfo(name, DataType.INT64, ['batch_size', 'sequence_length']);
  return {
    name: 'bert',
    node: g.nodes,
    initializer: g.initializers,
    input: [ids('input_ids'), ids('attention_mask'), ids('token_type_ids')],
    output: [valueInfo(hiddenStates, DataType.FLOAT, ['batch_size', 'sequence_length', hidden])],
  };
}

function encodeModel(w: BertWeights, quantized: boolean, seed: number): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'hunan-news-qa onnx-bert',
    docString: `BERT encoder with random weights (seed ${seed}); carries no meaning.`,
    opsetImport: [{ domain: '', version: OPSET }],
    graph: buildGraph(w, quantized),
  });
  return onnx.ModelProto.encode(model).finish();
}

// ---------------------------------------------------------------------------
// Model folder

export interface GenerateOptions {
  preset: PresetName;
  seed?: number;
  /** Files or folders whose characters join the vocabulary (default: the bundled corpus). */
  vocabFrom?: string[];
  /** Overrides of the preset's shape. */
  shape?: Partial<BertShape>;
  /** Also write the fp32 `onnx/model.onnx` (default true; at e5-small's shape it is 470 MB). */
  fp32?: boolean;
}

export interface WrittenFile {
  /** Relative to the model folder. */
  file: string;
  bytes: number;
}

export interface GeneratedModel {
  shape: BertShape;
  vocabSize: number;
  files: WrittenFile[];
}

/** Writes a complete model folder; same options give byte-identical files. */
export async function generateModelFolder(dir: string, options: GenerateOptions): Promise<GeneratedModel> {
  const preset: Preset = PRESETS[options.preset];
  const shape: BertShape = { ...preset.shape, ...options.shape };
  if (shape.layers < 1) throw new Error('A model needs at least one layer.');
  if (shape.hidden % shape.heads !== 0) {
    throw new Error(`hidden (${shape.hidden}) must be a multiple of heads (${shape.heads}).`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  const texts = await readTexts(options.vocabFrom ?? DEFAULT_VOCAB_SOURCES);
  const vocab = buildVocabulary({ texts, cjkBlock: preset.cjkBlock, rows: preset.rows });

  const written: WrittenFile[] = [];
  const put = async (file: string, content: string | Uint8Array) => {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, content);
    written.push({ file, bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength });
  };
  const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

  await put('config.json', json(bertConfig(shape, vocab.length, seed)));
  await put('tokenizer.json', json(tokenizerJson(vocab)));
  await put('tokenizer_config.json', json(tokenizerConfig(shape)));
  await put('special_tokens_map.json', json(SPECIAL_TOKENS_MAP));
  const weights = randomWeights(shape, vocab.length, seed);
  // One encoded model at a time: at e5-small's shape each is hundreds of MB.
  if (options.fp32 ?? true) await put('onnx/model.onnx', encodeModel(weights, false, seed));
  await put('onnx/model_quantized.onnx', encodeModel(weights, true, seed));
  return { shape, vocabSize: vocab.length, files: written };
}
