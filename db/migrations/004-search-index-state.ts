/**
 * Arabic search text now also holds each word without its definite article (core/search-text.ts
 * searchIndexText), so products_fts must be rewritten. The folding is the application's, not SQL's:
 * this records the index as stale (version 1) and db/search-index.ts rebuilds it at open, then records
 * the version it wrote.
 */
export const sql = `
CREATE TABLE search_index_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
) STRICT;
INSERT INTO search_index_state (id, version) VALUES (1, 1);
`;
