/**
 * nodejieba as installed holds its segmentation dictionary once, in a compact
 * trie: the project's patch (patches/nodejieba+3.5.8.patch, applied and rebuilt
 * by `postinstall`) makes the TextRank extractor share the segmenter's trie
 * instead of loading a second copy, and keeps each trie node's children in a
 * sorted vector instead of a hash map. Measured in a fresh process, what
 * segment.ts loads: 78–89 MiB with the patch, about 227 MiB without it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '../..');

// Halfway between the two measured figures: far from either, whatever the allocator's noise.
const BOUND_MIB = 170;

it('loads jieba’s dictionary once (the nodejieba patch is applied and built)', () => {
  const script = `
    const rss = () => { gc(); return process.memoryUsage().rss / 2 ** 20; };
    const before = rss();
    const { words } = await import('./src/text/segment.ts');
    const tokens = words('毛伟明主持召开省政府党组会议');
    console.log(JSON.stringify({ tokens, mib: rss() - before }));`;
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const { tokens, mib } = JSON.parse(out) as { tokens: string[]; mib: number };
  expect(tokens).toEqual(['毛伟明', '主持', '召开', '政府', '省政府', '党组', '会议']);
  expect(mib, 'RSS after loading jieba, MiB: run `npm install` to apply patches/nodejieba+3.5.8.patch').toBeLessThan(
    BOUND_MIB,
  );
}, 60_000);
