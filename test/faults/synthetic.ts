/**
 * A corpus of several thousand paragraphs made from the bundled articles'
 * sentences (seeded, so every run is the same): enough work for a re-index to
 * show whether it holds up the event loop.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../src/util/random.js';

export function writeSyntheticCorpus(dir: string, files: number, paragraphsPerFile = 50, seed = 7): void {
  const source = path.resolve('corpus');
  const sentences = readdirSync(source)
    .flatMap((f) => readFileSync(path.join(source, f), 'utf8').match(/[^。！？\n]+[。！？]/gu) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length >= 8);
  const random = mulberry32(seed);
  const pick = () => sentences[Math.floor(random() * sentences.length)]!;
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    const paragraphs = Array.from({ length: paragraphsPerFile }, (_, p) => `${pick()}${pick()}${pick()}（第${f}篇第${p}段）`);
    writeFileSync(path.join(dir, `${String(f).padStart(4, '0')}.txt`), `# 合成文章${f}\n\n${paragraphs.join('\n\n')}\n`);
  }
}
