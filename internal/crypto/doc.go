// Package crypto implements field encryption at rest for Koto with a
// three-level envelope key hierarchy, so that a client's data can be erased
// by destroying one key (crypto-shredding).
//
// The hierarchy is:
//
//	master keys (MasterRing, file on disk, rotating)
//	  └─ wrap organisation keys (OrgKey, one or more per organisation)
//	       └─ wrap client data keys (DEK, one per client, see NewDataKey)
//	            └─ encrypt fields (FieldCipher: HETU, names, contact details,
//	               change history, health data; later notes)
//
// Every layer uses AES-256-GCM with a random 96-bit nonce. Associated data
// binds each ciphertext to its purpose and owner (organisation, client, or
// table/column/row), so a ciphertext or wrapped key copied elsewhere fails to
// decrypt. Sealed fields and wrapped client keys carry the id of the key that
// produced them, so the store can pick the right key version after rotation.
//
// The ring also holds a separate key for blind indexes (MasterRing.BlindIndex,
// and MasterRing.Blinder for many values): keyed HMAC-SHA256 digests that
// allow exact-match lookups (by HETU, birth date, name-search key) without
// storing the plaintext, and that differ between organisations.
//
// The package is pure: it performs no database or file I/O and keeps no cache.
// The caller persists the wrapped keys and ciphertexts it returns.
//
// Errors from failed decryption wrap ErrDecrypt. No error message produced by
// this package contains key material or plaintext.
package crypto
