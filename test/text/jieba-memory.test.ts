/**
 * nodejieba as installed holds its segmentation dictionary once, compactly: the
 * project's patch (patches/nodejieba+3.5.8.patch, applied and rebuilt by
 * `postinstall`) makes the TextRank extractor share the segmenter's trie instead
 * of loading a second copy, keeps each trie node's children in one sorted array,
 * keeps a word's length, weight and interned tag (not its characters, which are
 * the trie's path) and returns what loading freed to the system. Measured in a
 * fresh process, what segment.ts loads: 20–22 MiB with the patch, 78–89 MiB
 * with only the first two of those changes, about 227 MiB without any.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '../..');

// Between the patch's figure and the previous patch's: far from either, whatever the allocator's noise.
const BOUND_MIB = 50;

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
