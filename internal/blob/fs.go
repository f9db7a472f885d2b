package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FS is a Store in a directory of the local filesystem (the default: the
// data directory's blobs/). A blob is the file dir/org/client/id, mode
// 0600 in directories of mode 0700. Writes go to a temporary file that is
// synced and then linked to its name, so a blob is either whole or absent
// and an existing one is never replaced.
type FS struct {
	dir string
}

// NewFS returns the store in dir, creating it (0700) if needed.
func NewFS(dir string) (*FS, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &FS{dir: dir}, nil
}

// Dir is the store's directory.
func (s *FS) Dir() string { return s.dir }

func (s *FS) path(k Key) string { return filepath.Join(s.dir, k.OrgID, k.ClientID, k.ID) }

// Put writes data under k; an error if k exists.
func (s *FS) Put(ctx context.Context, k Key, data []byte) error {
	if err := k.Check(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Dir(s.path(k))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("blob: put %s: %w", k, err)
	}
	tmp, err := os.CreateTemp(dir, ".put-*")
	if err != nil {
		return fmt.Errorf("blob: put %s: %w", k, err)
	}
	defer os.Remove(tmp.Name()) // after the link, or on failure
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("blob: put %s: %w", k, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("blob: put %s: %w", k, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("blob: put %s: %w", k, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("blob: put %s: %w", k, err)
	}
	// A hard link fails when the name exists: a blob is written once.
	if err := os.Link(tmp.Name(), s.path(k)); err != nil {
		return fmt.Errorf("blob: put %s: %w", k, err)
	}
	return syncDir(dir)
}

// Get reads the blob under k.
func (s *FS) Get(ctx context.Context, k Key) ([]byte, error) {
	if err := k.Check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(s.path(k))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("blob: get %s: %w", k, err)
	}
	return b, nil
}

// Delete removes the blob under k.
func (s *FS) Delete(ctx context.Context, k Key) error {
	if err := k.Check(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	err := os.Remove(s.path(k))
	if errors.Is(err, fs.ErrNotExist) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("blob: delete %s: %w", k, err)
	}
	return nil
}

// List returns the ids of a client's blobs.
func (s *FS) List(ctx context.Context, orgID, clientID string) ([]string, error) {
	if err := (Key{OrgID: orgID, ClientID: clientID, ID: "x"}).Check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(filepath.Join(s.dir, orgID, clientID))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("blob: list: %w", err)
	}
	var ids []string
	for _, e := range entries {
		if e.Type().IsRegular() && opaque(e.Name()) {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

// syncDir makes a new directory entry durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob: sync %s: %w", dir, err)
	}
	return nil
}
