import hnswlib from 'hnswlib-node';

/** HNSW settings, recorded in the manifest: an index built with others is rebuilt. */
export interface HnswSettings {
  space: 'cosine';
  /** Graph degree: 16 is the usual sweet spot for a few hundred dimensions. */
  m: number;
  /** Build-time beam: higher gives a better graph, slower builds. */
  efConstruction: number;
  /** Query-time beam floor; raised to the number of neighbours asked for. */
  efSearch: number;
  seed: number;
}

export const DEFAULT_HNSW: HnswSettings = { space: 'cosine', m: 16, efConstruction: 200, efSearch: 96, seed: 100 };

export interface VectorHit {
  label: number;
  /** Cosine similarity. */
  similarity: number;
}

/**
 * Paragraph vectors under stable integer labels. Labels are never reused
 * within an index's life: removed paragraphs are marked deleted, new ones get
 * fresh labels, and the graph grows with `resizeIndex`.
 */
export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
    readonly settings: HnswSettings,
    /** Next free label. */
    public nextLabel: number,
  ) {
    this.efSearch = settings.efSearch;
  }

  /** Query-time beam floor: the recorded setting, changeable without a rebuild (bench/breakdown.ts compares values). */
  efSearch: number;

  static create(dimensions: number, settings: HnswSettings, capacity = 1024): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW(settings.space, dimensions);
    hnsw.initIndex({ maxElements: Math.max(capacity, 16), m: settings.m, efConstruction: settings.efConstruction, randomSeed: settings.seed });
    hnsw.setEf(settings.efSearch);
    return new VectorIndex(hnsw, dimensions, settings, 0);
  }

  static async read(file: string, dimensions: number, settings: HnswSettings, nextLabel: number): Promise<VectorIndex> {
    const hnsw = new hnswlib.HierarchicalNSW(settings.space, dimensions);
    await hnsw.readIndex(file);
    hnsw.setEf(settings.efSearch);
    return new VectorIndex(hnsw, dimensions, settings, nextLabel);
  }

  async write(file: string): Promise<void> {
    await this.hnsw.writeIndex(file);
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  add(vectors: Float32Array[]): number[] {
    return this.addLabelled(vectors.map((vector) => ({ label: this.nextLabel++, vector })));
  }

  /** Adds vectors under the labels they have in another index (a merge of segments keeps its labels). */
  addLabelled(items: Array<{ label: number; vector: Float32Array }>): number[] {
    const needed = this.hnsw.getCurrentCount() + items.length;
    if (needed > this.hnsw.getMaxElements()) {
      // Grow geometrically so repeated small additions stay cheap.
      this.hnsw.resizeIndex(Math.max(needed, Math.ceil(this.hnsw.getMaxElements() * 1.5)));
    }
    return items.map(({ label, vector }) => {
      this.hnsw.addPoint(Array.from(vector), label);
      this.nextLabel = Math.max(this.nextLabel, label + 1);
      return label;
    });
  }

  /** The stored vector of a label: copied into another segment rather than embedding its text again. */
  vector(label: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(label));
  }

  remove(label: number): void {
    this.hnsw.markDelete(label);
  }

  search(query: Float32Array, k: number, allowed?: (label: number) => boolean): VectorHit[] {
    const live = this.hnsw.getCurrentCount();
    if (live === 0 || k <= 0) return [];
    this.hnsw.setEf(Math.max(this.efSearch, k));
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), Math.min(k, live), allowed);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }
}
