/**
 * The development sets (SQuAD format, `bench/data/`) turned into the
 * retrieval scenarios of docs/cli.md: one `.txt` file per context, each
 * question's gold being the file of the context it was asked about.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import { sha256 } from '../src/util/hash.js';

export const EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'data');

/**
 * The development sets of a folder (bench/data/README.md gives sources and
 * licences), each checked against the folder's `SHA256SUMS` (the format of
 * `sha256sum -c`): figures in bench/RESULTS.md hold for those bytes only.
 */
export const DEV_SET_FILES = { cmrc: 'cmrc2018_trial.json', drcd: 'DRCD_dev.json' } as const;
const SUMS_FILE = 'SHA256SUMS';

/** File name → expected sha256, from the folder's SHA256SUMS. */
function readSums(dir: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path.join(dir, SUMS_FILE), 'utf8');
  } catch {
    throw new DevSetError(`${path.join(dir, SUMS_FILE)} is missing, so the development sets cannot be checked. Restore bench/data from git.`);
  }
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) sums.set(m[2]!, m[1]!);
  }
  return sums;
}

/** One document of a corpus: a path relative to the corpus folder and its text. */
export interface CorpusFile {
  file: string;
  text: string;
}

export interface Question {
  id: string;
  query: string;
  /** Corpus-relative path of the gold file. */
  gold: string;
  /** The answer texts the set gives, as written in the context (for measuring the marked sentences). */
  answers: string[];
}

export type CorpusName = 'cmrc' | 'drcd' | 'mixed';

export interface Scenario {
  /** e.g. `same:cmrc`, `cross:drcd`. */
  name: string;
  description: string;
  corpus: CorpusName;
  questions: Question[];
}

export interface EvalData {
  corpora: Record<CorpusName, CorpusFile[]>;
  scenarios: Scenario[];
}

interface SquadFile {
  data: Array<{ paragraphs: Array<{ context: string; qas: Array<{ id: string; question: string; answers?: Array<{ text: string }> }> }> }>;
}

interface DevSet {
  files: CorpusFile[];
  questions: Question[];
}

/**
 * Converters for the cross-script questions. They must not be the engine's
 * matching converter (opencc-js `twp`→`cn`, see src/text/normalize.ts), or the
 * scenario would only test that a conversion is its own inverse:
 * - simplified → traditional: `cn`→`hk`, Hong Kong forms (裏, 着, 綫), which differ
 *   from both the Taiwan-form contexts of DRCD and the engine's `cn`→`tw`;
 * - traditional → simplified: `t`→`cn`, OpenCC's plain character table without
 *   the Taiwan variant and phrase tables (著 stays 著, 軟體 becomes 软体, not 软件).
 */
export const CROSS_SCRIPT_CONVERTERS = {
  toTraditional: { from: 'cn', to: 'hk' },
  toSimplified: { from: 't', to: 'cn' },
} as const;

const toTraditional = OpenCC.Converter(CROSS_SCRIPT_CONVERTERS.toTraditional);
const toSimplified = OpenCC.Converter(CROSS_SCRIPT_CONVERTERS.toSimplified);

/** A development set that is missing or not the expected file: the message says what to do. */
export class DevSetError extends Error {}

/** Reads a development set, refusing it when missing or when its bytes are not the expected ones. */
function readDevSet(file: string, expectedSha256: string | undefined): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new DevSetError(`${file} is missing. Restore it from git, or download it again from the source in bench/data/README.md.`);
  }
  const actual = sha256(bytes);
  if (actual !== expectedSha256) {
    throw new DevSetError(
      `${file} is not the expected file: its sha256 is ${actual}, ${SUMS_FILE} expects ${expectedSha256 ?? 'nothing (it is not listed)'}. ` +
        'Figures from it would not be comparable with bench/RESULTS.md: restore it from git, or download it again from the source in bench/data/README.md.',
    );
  }
  return bytes.toString('utf8');
}

/** Contexts become `<prefix>/0001.txt`, … in reading order; question ids get the same prefix; empty questions are skipped. */
export function loadSquad(text: string, prefix: string): DevSet {
  const squad = JSON.parse(text) as SquadFile;
  const files: CorpusFile[] = [];
  const questions: Question[] = [];
  for (const article of squad.data) {
    for (const para of article.paragraphs) {
      const name = `${prefix}/${String(files.length + 1).padStart(4, '0')}.txt`;
      files.push({ file: name, text: para.context.trim() });
      for (const qa of para.qas) {
        // Two CMRC trial questions are empty strings: nothing to retrieve for, left out.
        if (qa.question.trim()) questions.push({ id: `${prefix}:${qa.id}`, query: qa.question, gold: name, answers: (qa.answers ?? []).map((a) => a.text) });
      }
    }
  }
  return { files, questions };
}

function convert(questions: Question[], fn: (s: string) => string): Question[] {
  return questions.map((q) => ({ ...q, query: fn(q.query) }));
}

/**
 * Evenly spread sample of `n` questions (every k-th), so a quick run still
 * covers the whole corpus. Deterministic.
 */
export function sample<T>(items: T[], n: number | undefined): T[] {
  if (n === undefined || n >= items.length) return items;
  const step = items.length / n;
  return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)]!);
}

/** The scenarios of the development sets in `dir`, each file checked against the folder's SHA256SUMS. */
export function loadEvalData(dir = EVAL_DIR): EvalData {
  const sums = readSums(dir);
  const read = (file: string) => readDevSet(path.join(dir, file), sums.get(file));
  const cmrc = loadSquad(read(DEV_SET_FILES.cmrc), 'cmrc');
  const drcd = loadSquad(read(DEV_SET_FILES.drcd), 'drcd');
  return {
    corpora: { cmrc: cmrc.files, drcd: drcd.files, mixed: [...cmrc.files, ...drcd.files] },
    scenarios: [
      { name: 'same:cmrc', corpus: 'cmrc', questions: cmrc.questions, description: 'simplified questions, simplified corpus (CMRC)' },
      { name: 'same:drcd', corpus: 'drcd', questions: drcd.questions, description: 'traditional questions, traditional corpus (DRCD)' },
      {
        name: 'cross:cmrc',
        corpus: 'mixed',
        questions: convert(cmrc.questions, toTraditional),
        description: 'CMRC questions converted to traditional (cn→hk), mixed corpus',
      },
      {
        name: 'cross:drcd',
        corpus: 'mixed',
        questions: convert(drcd.questions, toSimplified),
        description: 'DRCD questions converted to simplified (t→cn), mixed corpus',
      },
      // Not in docs/cli.md: the unconverted questions on the mixed corpus, so the
      // cost of the script change is read apart from the cost of a larger corpus.
      { name: 'mixed:cmrc', corpus: 'mixed', questions: cmrc.questions, description: 'control: CMRC questions as written, mixed corpus' },
      { name: 'mixed:drcd', corpus: 'mixed', questions: drcd.questions, description: 'control: DRCD questions as written, mixed corpus' },
    ],
  };
}

/** Scenario names match a filter when equal to it or starting with `filter:` (e.g. `cross`). */
export function matchesFilter(name: string, filters: string[] | undefined): boolean {
  return !filters?.length || filters.some((f) => name === f || name.startsWith(`${f}:`));
}

/** Writes a corpus folder from scratch (removing what was there). */
export function writeCorpus(dir: string, files: CorpusFile[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(dir, f.file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${f.text}\n`);
  }
}

/** Paragraphs of a file as the engine sees them: non-empty lines. Peers index these. */
export function paragraphs(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
