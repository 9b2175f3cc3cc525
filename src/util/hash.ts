import { createHash } from 'node:crypto';

/** sha256 of bytes or UTF-8 text, hex: file identity in the manifest, text identity for vector reuse. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
