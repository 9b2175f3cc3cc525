import Database from 'better-sqlite3';
import type { Peer, PeerDoc } from './types.js';

/** Distinct three-character runs of the text (code points), as FTS5's trigram tokenizer cuts them. */
export function trigrams(text: string): string[] {
  const chars = [...text.toLowerCase()];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return [...out];
}

/** An FTS5 query matching any of the trigrams, each quoted as an FTS5 string. */
export function trigramOrQuery(text: string): string {
  return trigrams(text).map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
}

/**
 * SQLite FTS5 (better-sqlite3 12) with `tokenize='trigram'`, SQLite's
 * tokenizer for text without word breaks. A question becomes an OR of its
 * trigrams, ranked by bm25() (FTS5's `rank`). In-memory database.
 */
export class SqlitePeer implements Peer {
  readonly name = 'sqlite-fts5';
  readonly setup = "better-sqlite3 12, FTS5 tokenize='trigram', OR of the question's trigrams ranked by bm25()";
  private db: Database.Database | null = null;
  private ids: string[] = [];
  private query: Database.Statement<[string, number], { rowid: number }> | null = null;

  async build(docs: PeerDoc[]): Promise<void> {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='trigram')");
    const insert = db.prepare<[number, string]>('INSERT INTO docs(rowid, text) VALUES (?, ?)');
    db.transaction(() => docs.forEach((d, i) => insert.run(i, d.text)))();
    this.query = db.prepare('SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?');
    this.ids = docs.map((d) => d.id);
    this.db = db;
  }

  async search(query: string, k: number): Promise<string[]> {
    if (!this.query) throw new Error('sqlite-fts5: build() first');
    const match = trigramOrQuery(query);
    if (!match) return [];
    return this.query.all(match, k).map((r) => this.ids[r.rowid]!);
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = null;
  }
}
