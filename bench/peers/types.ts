/** What every peer search library is wrapped in, for the quality and speed harnesses. */

/** One paragraph: `id` is `<file>#<paragraph>`, see `paragraphDocs`. */
export interface PeerDoc {
  id: string;
  text: string;
}

export interface Peer {
  readonly name: string;
  /** One-line description of the setup, printed with the results. */
  readonly setup: string;
  /** Indexes the documents (called once per instance). */
  build(docs: PeerDoc[]): Promise<void>;
  /** Ids of the best `k` documents, best first. */
  search(query: string, k: number): Promise<string[]>;
  close?(): Promise<void>;
}
