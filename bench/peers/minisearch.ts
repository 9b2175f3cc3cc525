import MiniSearch from 'minisearch';
import type { Peer, PeerDoc } from './types.js';

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Word-like segments of the platform's ICU word breaker (dictionary-based for Chinese). */
export function segmentWords(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
  return out;
}

/**
 * MiniSearch with a custom `tokenize` (its documented hook for languages
 * without spaces) backed by `Intl.Segmenter('zh', { granularity: 'word' })`,
 * used for documents and queries alike; default search options (BM25+, OR).
 */
export class MiniSearchPeer implements Peer {
  readonly name = 'minisearch';
  readonly setup = 'minisearch 7, tokenize = Intl.Segmenter(zh, word), default BM25+ OR search';
  private index: MiniSearch<PeerDoc> | null = null;

  async build(docs: PeerDoc[]): Promise<void> {
    const index = new MiniSearch<PeerDoc>({ fields: ['text'], idField: 'id', tokenize: segmentWords });
    index.addAll(docs);
    this.index = index;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (!this.index) throw new Error('minisearch: build() first');
    return this.index.search(query).slice(0, k).map((r) => String(r.id));
  }
}
