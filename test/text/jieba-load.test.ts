/**
 * segment.ts loads nodejieba with one-line stand-ins for the keyword-extraction
 * tables it never uses (19 MiB less memory). Segmentation must not change:
 * every paragraph and question of the bundled corpus and the development sets,
 * in matching form, is cut the same as with nodejieba's default tables.
 * The project's patch of nodejieba (a sorted-vector trie, one dictionary) must
 * not change segmentation either: the dev sets are cut as nodejieba 3.5.8 as
 * published cuts them.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nodejieba from 'nodejieba';
import { expect, it } from 'vitest';
import { loadEvalData } from '../../bench/datasets.js';
import { toSimplified } from '../../src/corpus/script.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import { words } from '../../src/text/segment.js';

it('segments the corpus and the development sets exactly as with nodejieba’s default tables', () => {
  const corpusDir = path.join(import.meta.dirname, '../../corpus');
  const texts = readdirSync(corpusDir).flatMap((f) => readFileSync(path.join(corpusDir, f), 'utf8').split('\n'));
  const dev = loadEvalData();
  for (const files of [dev.corpora.cmrc, dev.corpora.drcd]) for (const f of files) texts.push(...f.text.split('\n'));
  for (const s of dev.scenarios.slice(0, 2)) for (const q of s.questions) texts.push(q.query);
  const norms = [...new Set(texts.map(normalizeForMatch).filter((t) => t.trim()))];
  expect(norms.length).toBeGreaterThan(5000);

  words('载入'); // segment.ts has loaded its tables
  const withStandIns = norms.map((t) => nodejieba.cutForSearch(t, true).join('|'));
  nodejieba.load();
  const withDefaults = norms.map((t) => nodejieba.cutForSearch(t, true).join('|'));
  const differing = norms.filter((_, i) => withStandIns[i] !== withDefaults[i]);
  expect(differing).toEqual([]);
}, 120_000);

/**
 * sha256 of the dev sets' contexts and questions (the traditional set
 * converted with `toSimplified`, opencc-js `tw` → `cn`) cut by `cutForSearch`, tokens joined
 * by `|` and texts by newlines, computed with nodejieba 3.5.8 as published
 * (without patches/nodejieba+3.5.8.patch).
 */
const PUBLISHED_SEGMENTATION = 'ec49b0d7366cc712317c798ef50d840d6120181c56a2545aba694de0d2c0a246';

it('cuts the development sets as the published nodejieba does (the patch changes memory, not segmentation)', () => {
  const dev = loadEvalData();
  const texts: string[] = [];
  for (const f of dev.corpora.cmrc) texts.push(...f.text.split('\n'));
  for (const f of dev.corpora.drcd) texts.push(...f.text.split('\n').map((t) => toSimplified(t)));
  for (const s of dev.scenarios.slice(0, 2)) for (const q of s.questions) texts.push(toSimplified(q.query));
  const lines = texts.filter((t) => t.trim());
  expect(lines.length).toBeGreaterThan(5000);
  nodejieba.load();
  const cut = lines.map((t) => nodejieba.cutForSearch(t, true).join('|')).join('\n');
  expect(createHash('sha256').update(cut).digest('hex')).toBe(PUBLISHED_SEGMENTATION);
}, 120_000);
