import { describe, expect, it } from 'vitest';
import { PARSING_ID } from '../../src/corpus/index.js';
import { currentSettings, settingsDiff } from '../../src/index/manifest.js';

describe('index settings', () => {
  it('records how files were parsed, so an index made by another parser is rebuilt rather than kept', () => {
    const now = currentSettings(null);
    expect(now.parsing).toBe(PARSING_ID);
    expect(settingsDiff(now, currentSettings(null))).toEqual([]);
    // An index written before the parser recorded itself, or by another parser.
    const { parsing: _parsing, ...older } = now;
    expect(settingsDiff(older as typeof now, now)).toEqual([expect.stringMatching(/^parsing /)]);
    expect(settingsDiff({ ...now, parsing: 'articles;join=any-blank-line' }, now)).toEqual([expect.stringMatching(/^parsing /)]);
  });
});
