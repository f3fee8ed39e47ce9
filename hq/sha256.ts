import { createHash } from 'node:crypto';

/** Hex SHA-256 of a text's UTF-8 bytes: the one hash of the journal's texts (core/journal-chain.ts). */
export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
