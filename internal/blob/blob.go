// Package blob keeps the bytes of attachments outside the database (issue
// 14 item 7, ADR 32). What it stores is already sealed with the client's
// key by the caller; a blob store never sees plaintext and never knows
// what a blob is.
//
// A blob is named by a Key: the organisation, the client and an opaque id,
// all opaque identifiers made by Koto, never an uploaded file's name. The
// client part lets erasure (issue 15) find and delete every blob of a
// client with List, even if the database rows are gone.
package blob

import (
	"context"
	"errors"
	"fmt"
)

// ErrNotFound is returned by Get and Delete for a blob that does not exist.
var ErrNotFound = errors.New("blob: not found")

// Key names one blob. Each part is an opaque identifier of 1–64 characters
// from [A-Za-z0-9_-]: nothing that could climb out of a directory or name
// a person.
type Key struct {
	OrgID, ClientID, ID string
}

// Check refuses a key whose parts are not opaque identifiers.
func (k Key) Check() error {
	for _, part := range []string{k.OrgID, k.ClientID, k.ID} {
		if !opaque(part) {
			return fmt.Errorf("blob: key part %q is not an opaque identifier", part)
		}
	}
	return nil
}

// String is the key as a path: org/client/id.
func (k Key) String() string { return k.OrgID + "/" + k.ClientID + "/" + k.ID }

// Store keeps blobs. Implementations are safe for concurrent use.
type Store interface {
	// Put stores data under k, replacing nothing: a key is written once
	// (a second Put of the same key is an error).
	Put(ctx context.Context, k Key, data []byte) error
	// Get returns the blob under k; ErrNotFound when there is none.
	Get(ctx context.Context, k Key) ([]byte, error)
	// Delete removes the blob under k; ErrNotFound when there is none.
	Delete(ctx context.Context, k Key) error
	// List returns the ids of the blobs of one client of an organisation
	// (for erasure), in no particular order.
	List(ctx context.Context, orgID, clientID string) ([]string, error)
}

// opaque reports whether s is 1–64 characters from [A-Za-z0-9_-].
func opaque(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
		default:
			return false
		}
	}
	return true
}
