import { create, insertMultiple, search, type AnyOrama } from '@orama/orama';
import { createTokenizer } from '@orama/tokenizers/mandarin';
import type { Peer, PeerDoc } from './types.js';

/**
 * Orama as its "Using Chinese with Orama" page sets it up: the Mandarin
 * tokenizer of @orama/tokenizers (Intl.Segmenter words), default full-text
 * search (BM25, threshold 1 = any term may match). The page's optional
 * @orama/stopwords list is not installed.
 */
export class OramaPeer implements Peer {
  readonly name = 'orama';
  readonly setup = '@orama/orama 3 + @orama/tokenizers/mandarin, default BM25 search';
  private db: AnyOrama | null = null;

  async build(docs: PeerDoc[]): Promise<void> {
    const db = create({ schema: { text: 'string' } as const, components: { tokenizer: createTokenizer() } });
    await insertMultiple(db, docs, 1000);
    this.db = db;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (!this.db) throw new Error('orama: build() first');
    const result = await search(this.db, { term: query, properties: ['text'], limit: k });
    return result.hits.map((h) => h.id);
  }
}
