/**
 * segment.ts loads nodejieba with one-line stand-ins for the keyword-extraction
 * tables it never uses (19 MiB less memory). Segmentation must not change:
 * every paragraph and question of the bundled corpus and the development sets,
 * in matching form, is cut the same as with nodejieba's default tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import nodejieba from 'nodejieba';
import { expect, it } from 'vitest';
import { loadEvalData } from '../../bench/datasets.js';
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
