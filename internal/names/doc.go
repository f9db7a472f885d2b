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
// lookups: equality (and, for plain keys, prefix ranges) only, identical on
// SQLite and PostgreSQL, no trigram or fuzzy-match extensions.
//
// # Keys
//
// Every key starts with a kind, so that the kinds share one column without
// colliding:
//
//	t:TOKEN      folded token (Fold/Tokens)
//	s:SKELETON   phonetic skeleton of a token (Skeleton)
//	d:DELETION   the skeleton with one rune deleted, for skeletons whose
//	             length is within [MinFuzzyLen, MaxFuzzyLen] (SymSpell)
//	p:PREFIX     a proper prefix of a token (Keys.PrefixKeys)
//
// IndexKeys returns the t:, s: and d: keys of one client; a typical client
// with three name tokens has about 20 of them (15–35 depending on name
// length), and never more than MaxIndexTokens*(2+MaxFuzzyLen). The p: keys
// add one per rune of each token but its last, about 15 for a typical
// client.
//
// # Matching contract for the store
//
// ParseQuery returns numbered tokens 0..n-1, and the client matches the
// query when it matches every token (AND). Two equivalent forms:
//
// With ordered keys (IndexKeys; the key column compares byte-wise:
// SQLite's BINARY collation, `COLLATE "C"` on PostgreSQL), a client matches
// token i when at least one of its keys k satisfies
//
//	(k >= tok.Prefix AND k < PrefixEnd(tok.Prefix)) OR k IN tok.Exact
//
// With equality only (Keys.EqualityKeys) — the form Koto's store uses,
// because it keeps a keyed digest of every key, and digests have no order
// that follows the names — a client matches token i when one of its keys
// is IN tok.PrefixKeys() or IN tok.Exact. TestPrefixKeysMatchRange checks
// that both forms find the same clients. For example, over digests:
//
//	SELECT client_id FROM client_search_keys
//	 WHERE org_id = $1 AND key IN (digests of tok0.PrefixKeys(), tok0.Exact)
//	INTERSECT
//	SELECT client_id FROM client_search_keys
//	 WHERE org_id = $1 AND key IN (digests of tok1.PrefixKeys(), tok1.Exact)
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
