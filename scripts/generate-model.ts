/**
 * Writes a BERT model folder with random weights that transformers.js loads offline.
 *
 *   npm run gen-model -- --out DIR --preset tiny|e5-small-shape
 *       [--layers N --hidden N --heads N --intermediate N --seed N]
 *       [--vocab-from FILE_OR_DIR...]
 *
 * The committed test fixture is `--out test/fixtures/tiny-model --preset tiny`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, DEFAULT_VOCAB_SOURCES, PRESETS, generateModelFolder, type BertShape, type PresetName } from './onnx-bert.js';

const USAGE = `Usage: npm run gen-model -- --out DIR --preset ${Object.keys(PRESETS).join('|')}
  [--layers N] [--hidden N] [--heads N] [--intermediate N] [--seed N (default ${DEFAULT_SEED})]
  [--vocab-from FILE_OR_DIR...]   texts whose characters join the vocabulary
                                  (default: ${path.relative(process.cwd(), DEFAULT_VOCAB_SOURCES[0]!) || '.'})`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function positiveInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a positive whole number; got "${raw}".`);
  return n;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

function parse() {
  try {
    return parseArgs({
      options: {
        out: { type: 'string' },
        preset: { type: 'string' },
        layers: { type: 'string' },
        hidden: { type: 'string' },
        heads: { type: 'string' },
        intermediate: { type: 'string' },
        seed: { type: 'string' },
        'vocab-from': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
      // Bare arguments after --vocab-from are more vocabulary files, so shell globs work.
      allowPositionals: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parse();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out) fail('--out is required.');
  if (!values.preset || !Object.hasOwn(PRESETS, values.preset)) fail(`--preset must be one of ${Object.keys(PRESETS).join(', ')}.`);
  if (positionals.length > 0 && !values['vocab-from']) fail(`Unexpected argument "${positionals[0]}".`);

  const seedRaw = values.seed;
  const seed = seedRaw === undefined ? DEFAULT_SEED : Number(seedRaw);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(`--seed must be a whole number from 0 to 4294967295; got "${seedRaw}".`);
  const shape: Partial<BertShape> = {};
  for (const key of ['layers', 'hidden', 'heads', 'intermediate'] as const) {
    const n = positiveInt(key, values[key]);
    if (n !== undefined) shape[key] = n;
  }
  const vocabFrom = values['vocab-from'] ? [...values['vocab-from'], ...positionals] : undefined;

  const out = path.resolve(values.out);
  const started = performance.now();
  const model = await generateModelFolder(out, { preset: values.preset as PresetName, seed, shape, vocabFrom });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const { layers, hidden, heads, intermediate } = model.shape;
  console.log(
    `Wrote ${out} in ${seconds} s: preset ${values.preset}, seed ${seed}, layers ${layers}, hidden ${hidden}, ` +
      `heads ${heads}, intermediate ${intermediate}, vocabulary ${model.vocabSize} rows`,
  );
  const written = model.files;
  const width = Math.max(...written.map((w) => w.file.length));
  for (const { file, bytes } of written) console.log(`  ${file.padEnd(width)}  ${formatBytes(bytes).padStart(9)}`);
  const total = written.reduce((sum, w) => sum + w.bytes, 0);
  console.log(`  ${'total'.padEnd(width)}  ${formatBytes(total).padStart(9)}  (${total} bytes)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
