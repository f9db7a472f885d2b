// Package names builds search keys for typo-tolerant and
// transliteration-tolerant client name search.
//
// Names in Koto come from many scripts and romanisation traditions
// (Arabic, Somali, Dari/Persian, Kurdish, Russian, Ukrainian, Tigrinya,
// Vietnamese, Thai, English, Estonian, Finnish). The same person may be
// written "Mohammed", "Muhammad" or "Mahamed", "Olha" or "Olga", "Nguyễn" or
// "Nguyen", and the person searching may mistype. The package turns a name
// into a small set of string keys that the store saves next to the client,
// and turns a query into keys that can be matched with plain B-tree index
// lookups: equality and prefix ranges only, identical on SQLite and
// PostgreSQL, no trigram or fuzzy-match extensions.
//
// # Keys
//
// Every key starts with a kind, so that the kinds share one column without
// colliding:
//
//	t:TOKEN      folded token (Fold/Tokens), for prefix search
//	s:SKELETON   phonetic skeleton of a token (Skeleton)
//	d:DELETION   the skeleton with one rune deleted, for skeletons whose
//	             length is within [MinFuzzyLen, MaxFuzzyLen] (SymSpell)
//
// IndexKeys returns the keys of one client; a typical client with three
// name tokens has about 20 keys (15–35 depending on name length), and never
// more than MaxIndexTokens*(2+MaxFuzzyLen).
//
// # Matching contract for the store
//
// Table: (org_id, client_id, key), index on (org_id, key). The key column
// must compare byte-wise: SQLite's default BINARY collation does; in
// PostgreSQL declare the column `key TEXT COLLATE "C"` (a locale collation
// would make the prefix range wrong and unusable by the index).
//
// ParseQuery returns numbered tokens 0..n-1. A client matches token i when
// at least one of its keys k satisfies
//
//	(k >= tok.Prefix AND k < PrefixEnd(tok.Prefix)) OR k IN tok.Exact
//
// and the client matches the query when it matches every token (AND). For
// example:
//
//	SELECT client_id FROM (
//	    SELECT client_id, 0 AS token_no FROM client_name_keys
//	     WHERE org_id = $1 AND key >= $2 AND key < $3
//	    UNION ALL
//	    SELECT client_id, 0 FROM client_name_keys
//	     WHERE org_id = $1 AND key IN ($4, $5, ...)
//	    UNION ALL
//	    ... the same two selects for token 1, 2, ...
//	) m
//	GROUP BY client_id
//	HAVING COUNT(DISTINCT token_no) = n
//	LIMIT 200
//
// The store then loads the candidates' names, orders them by Score
// (descending) and shows the best few. The LIMIT matters: a one-letter
// query token is a prefix of many keys.
//
// Fuzzy matching covers roughly one edit on the skeleton (insertion,
// deletion, substitution and adjacent transposition). The deletion trick
// lets a few two-edit pairs through as well; Score ranks those last.
package names
