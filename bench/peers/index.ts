import { FlexSearchPeer } from './flexsearch.js';
import { MiniSearchPeer } from './minisearch.js';
import { OramaPeer } from './orama.js';
import { SqlitePeer } from './sqlite.js';
import type { Peer } from './types.js';

/** Every peer, by name; each call makes a fresh, empty instance. */
export const PEERS: Record<string, () => Peer> = {
  orama: () => new OramaPeer(),
  minisearch: () => new MiniSearchPeer(),
  flexsearch: () => new FlexSearchPeer(),
  'sqlite-fts5': () => new SqlitePeer(),
};
