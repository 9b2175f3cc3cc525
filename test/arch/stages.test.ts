import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The stage order of the code layout (README, "Design notes"): a module may
 * import from its own stage or an earlier one, never from a later one.
 * Imports are read by TypeScript's own pre-processor: static, type-only and
 * dynamic imports and re-exports all count.
 */

const SRC = path.resolve('src');

/** Stages, earliest first; the front ends share the last but one, `src/main.ts` starts them all. */
const STAGES: ReadonlyArray<{ name: string; members: string[] }> = [
  // The shared ground: settings, error registry, utilities and the data model every stage uses.
  { name: 'base', members: ['config.ts', 'errors.ts', 'types.ts', 'corpus/types.ts', 'util/'] },
  { name: 'corpus', members: ['corpus/'] },
  { name: 'text', members: ['text/'] },
  { name: 'model', members: ['model/'] },
  { name: 'index', members: ['index/'] },
  { name: 'search', members: ['search/'] },
  // What the front ends show (language, script, citations, marks): below both so they show the same.
  { name: 'present', members: ['present/'] },
  { name: 'front ends', members: ['bot/', 'cli/'] },
  { name: 'start-up', members: ['main.ts'] },
];

/** The stage of a path relative to src/ (exact files before folders, so corpus/types.ts is in base). */
function stageOf(file: string): number {
  const exact = STAGES.findIndex((s) => s.members.includes(file));
  if (exact >= 0) return exact;
  return STAGES.findIndex((s) => s.members.some((m) => m.endsWith('/') && file.startsWith(m)));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(SRC, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Relative imports of a module as paths relative to src/ (`.js` specifiers name `.ts` files). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(SRC, file), 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)).replace(/\.js$/, '.ts'));
}

describe('stage order', () => {
  const files = sources(SRC);

  it('places every source file in a stage', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(files.filter((f) => stageOf(f) < 0)).toEqual([]);
  });

  it('has no import from a later stage into an earlier one', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const target of importsOf(file)) {
        expect(files, `${file} imports ${target}, which does not exist`).toContain(target);
        if (stageOf(target) > stageOf(file)) violations.push(`${file} (${STAGES[stageOf(file)]!.name}) imports ${target} (${STAGES[stageOf(target)]!.name})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('reads every kind of import', () => {
    const text = `import a from './a.js'; import type { B } from '../b.js'; export { c } from './c.js'; const d = await import('./d.js');`;
    const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    expect(specs).toEqual(['./a.js', '../b.js', './c.js', './d.js']);
  });
});
