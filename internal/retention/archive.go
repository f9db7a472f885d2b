package retention

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
)

// ArchiveFormat names the archive package's layout (docs/operations.md):
// a ZIP with metadata.json and metadata.xml (the same metadata), and one
// records/<kind>.json per kind of record, each a JSON array or object as
// Koto's store returns it, personal data opened.
const ArchiveFormat = "koto-archive/1"

// Archived is what a client's archive package holds: the record kinds
// (client, notes, plans, …) by name.
type Archived struct {
	OrgID    string
	ClientID string
	KotoID   string
	Dates    ClientDates
	Records  map[string]any
}

// ArchiveSource reads a client's records for the archive package (and
// logs the reading in the access log).
type ArchiveSource interface {
	ArchiveContent(ctx context.Context, actor access.Actor, clientID string) (Archived, error)
}

// DirArchiver writes archive packages into Dir.
type DirArchiver struct {
	Dir    string
	Source ArchiveSource
	Rule   Rule
	AsOf   civil.Date
	Now    func() time.Time
}

// Metadata is the archive package's description.
type Metadata struct {
	XMLName      xml.Name       `json:"-" xml:"kotoArchive"`
	Format       string         `json:"format" xml:"format"`
	Class        Class          `json:"class" xml:"class"`
	Rule         string         `json:"rule" xml:"rule"`
	Organisation string         `json:"organisation" xml:"organisation"`
	ClientID     string         `json:"clientId" xml:"clientId"`
	KotoID       string         `json:"kotoId" xml:"kotoId"`
	ServiceEnd   string         `json:"serviceEnd,omitempty" xml:"serviceEnd,omitempty"`
	Death        string         `json:"death,omitempty" xml:"death,omitempty"`
	AsOf         string         `json:"asOf" xml:"asOf"`
	CreatedAt    time.Time      `json:"createdAt" xml:"createdAt"`
	Files        []ArchivedFile `json:"files" xml:"files>file"`
}

// ArchivedFile names one file of the package with its SHA-256.
type ArchivedFile struct {
	Name   string `json:"name" xml:"name,attr"`
	SHA256 string `json:"sha256" xml:"sha256,attr"`
}

// ArchiveClient writes the package of one client to Dir as
// <org>-<client>-<asOf>.zip (mode 0600, written whole or not at all) and
// returns its path.
func (a *DirArchiver) ArchiveClient(ctx context.Context, actor access.Actor, clientID string) (string, error) {
	content, err := a.Source.ArchiveContent(ctx, actor, clientID)
	if err != nil {
		return "", err
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	meta := Metadata{Format: ArchiveFormat, Class: ClassClient, Rule: a.Rule.Describe(), Organisation: content.OrgID,
		ClientID: content.ClientID, KotoID: content.KotoID, AsOf: a.AsOf.String(), CreatedAt: now().UTC().Truncate(time.Second)}
	if !content.Dates.ServiceEnd.IsZero() {
		meta.ServiceEnd = content.Dates.ServiceEnd.String()
	}
	if !content.Dates.Death.IsZero() {
		meta.Death = content.Dates.Death.String()
	}
	if err := os.MkdirAll(a.Dir, 0o700); err != nil {
		return "", fmt.Errorf("archive directory: %w", err)
	}
	path := filepath.Join(a.Dir, fmt.Sprintf("%s-%s-%s.zip", content.OrgID, content.ClientID, a.AsOf))
	f, err := os.CreateTemp(a.Dir, ".archive-*")
	if err != nil {
		return "", fmt.Errorf("archive: %w", err)
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return "", err
	}
	if err := writeArchive(f, meta, content.Records); err != nil {
		f.Close()
		return "", fmt.Errorf("archive: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(f.Name(), path)
}

func writeArchive(f *os.File, meta Metadata, records map[string]any) error {
	zw := zip.NewWriter(f)
	kinds := make([]string, 0, len(records))
	for k := range records {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		b, err := json.MarshalIndent(records[k], "", "  ")
		if err != nil {
			return err
		}
		name := "records/" + k + ".json"
		if err := addFile(zw, name, b, meta.CreatedAt); err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		meta.Files = append(meta.Files, ArchivedFile{Name: name, SHA256: hex.EncodeToString(sum[:])})
	}
	js, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	xs, err := xml.MarshalIndent(meta, "", "  ")
	if err != nil {
		return err
	}
	if err := addFile(zw, "metadata.json", js, meta.CreatedAt); err != nil {
		return err
	}
	if err := addFile(zw, "metadata.xml", append([]byte(xml.Header), xs...), meta.CreatedAt); err != nil {
		return err
	}
	return zw.Close()
}

func addFile(zw *zip.Writer, name string, b []byte, at time.Time) error {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: at})
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
