/**
 * What the `index` command runs (`updateIndex`, keyword-only), with a segment
 * size cap far below the default, so a build or merge of the fault tests'
 * small corpus writes several segments (kill.test.ts kills it mid-way).
 * Arguments: corpus folder, index folder, cap (paragraphs), `full` or `update`.
 */
import { DEFAULT_MERGE_POLICY, updateIndex } from '../../src/index/build.js';

const [corpusDir, indexDir, cap, mode] = process.argv.slice(2) as [string, string, string, string];
await updateIndex({ corpusDir, indexDir, embedder: null, full: mode === 'full', mergePolicy: { ...DEFAULT_MERGE_POLICY, maxSegmentParagraphs: Number(cap) } });
