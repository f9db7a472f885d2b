// Package s3 is the attachments' blob store in an S3-compatible object
// store (ADR 32): MinIO, SeaweedFS, Ceph RGW, AWS S3. It is an adapter
// over net/http with its own small Signature Version 4 signer.
package s3

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"koto/internal/blob"
)

// Config configures an S3-compatible object store (ADR 32). Requests
// are path-style (endpoint/bucket/key), which MinIO, SeaweedFS, Ceph and
// AWS all serve, and signed with Signature Version 4.
type Config struct {
	Endpoint  string // http(s)://host[:port], without the bucket
	Bucket    string
	Region    string // "us-east-1" when empty
	AccessKey string
	SecretKey string
	// Client is the HTTP client; nil for one with a 60-second timeout.
	Client *http.Client
}

// Store is a blob.Store in a bucket of an S3-compatible object store. A blob is
// the object org/client/id. The bucket is created by the operator; the
// credentials need GetObject, PutObject, DeleteObject and ListBucket on it.
type Store struct {
	cfg  Config
	base *url.URL
	now  func() time.Time
}

// New returns the store described by cfg.
func New(cfg Config) (*Store, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("s3 endpoint %q must be http(s)://host[:port]", cfg.Endpoint)
	}
	if cfg.Bucket == "" || strings.ContainsAny(cfg.Bucket, "/?#") {
		return nil, fmt.Errorf("s3 bucket %q is not a bucket name", cfg.Bucket)
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		return nil, errors.New("s3 needs an access key and a secret key")
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.Client == nil {
		cfg.Client = &http.Client{Timeout: 60 * time.Second}
	}
	u.Path = ""
	return &Store{cfg: cfg, base: u, now: time.Now}, nil
}

// objectURL is the URL of the object named key (or of the bucket when key
// is "").
func (s *Store) objectURL(key string, query url.Values) *url.URL {
	u := *s.base
	u.Path = "/" + s.cfg.Bucket
	if key != "" {
		u.Path += "/" + key
	}
	u.RawQuery = query.Encode()
	return &u
}

// do sends a signed request with body (nil for none) and returns the
// response; the caller closes its body.
func (s *Store) do(ctx context.Context, method string, u *url.URL, body []byte, header http.Header) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	sum := sha256.Sum256(body)
	signV4(req, s.cfg.AccessKey, s.cfg.SecretKey, s.cfg.Region, hex.EncodeToString(sum[:]), s.now())
	return s.cfg.Client.Do(req)
}

// s3Error reads an S3 error response into an error naming the operation,
// the status and S3's error code (never the body beyond that).
func s3Error(op string, k fmt.Stringer, res *http.Response) error {
	var e struct {
		Code string `xml:"Code"`
	}
	b, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	_ = xml.Unmarshal(b, &e)
	return fmt.Errorf("s3 %s %s: status %d %s", op, k, res.StatusCode, e.Code)
}

// Put writes data under k. Unlike blob.FS it cannot refuse an existing key on
// every S3-compatible server (conditional writes are not universal);
// Koto's keys are fresh random ids, so a key is written once all the same.
func (s *Store) Put(ctx context.Context, k blob.Key, data []byte) error {
	if err := k.Check(); err != nil {
		return err
	}
	if data == nil {
		data = []byte{}
	}
	h := http.Header{}
	h.Set("Content-Type", "application/octet-stream")
	res, err := s.do(ctx, http.MethodPut, s.objectURL(k.String(), nil), data, h)
	if err != nil {
		return fmt.Errorf("s3 put %s: %w", k, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return s3Error("put", k, res)
	}
	return nil
}

// Get reads the blob under k.
func (s *Store) Get(ctx context.Context, k blob.Key) ([]byte, error) {
	if err := k.Check(); err != nil {
		return nil, err
	}
	res, err := s.do(ctx, http.MethodGet, s.objectURL(k.String(), nil), nil, nil)
	if err != nil {
		return nil, fmt.Errorf("s3 get %s: %w", k, err)
	}
	defer res.Body.Close()
	switch res.StatusCode {
	case http.StatusOK:
		b, err := io.ReadAll(res.Body)
		if err != nil {
			return nil, fmt.Errorf("s3 get %s: %w", k, err)
		}
		return b, nil
	case http.StatusNotFound:
		return nil, blob.ErrNotFound
	}
	return nil, s3Error("get", k, res)
}

// Delete removes the blob under k. S3 answers a delete of a missing
// object with success, so a HEAD first tells ErrNotFound apart.
func (s *Store) Delete(ctx context.Context, k blob.Key) error {
	if err := k.Check(); err != nil {
		return err
	}
	u := s.objectURL(k.String(), nil)
	res, err := s.do(ctx, http.MethodHead, u, nil, nil)
	if err != nil {
		return fmt.Errorf("s3 delete %s: %w", k, err)
	}
	res.Body.Close()
	switch res.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return blob.ErrNotFound
	default:
		return fmt.Errorf("s3 delete %s: head status %d", k, res.StatusCode)
	}
	res, err = s.do(ctx, http.MethodDelete, u, nil, nil)
	if err != nil {
		return fmt.Errorf("s3 delete %s: %w", k, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusNoContent && res.StatusCode != http.StatusOK {
		return s3Error("delete", k, res)
	}
	return nil
}

// List returns the ids of a client's blobs (ListObjectsV2 under the
// prefix org/client/, following continuation tokens).
func (s *Store) List(ctx context.Context, orgID, clientID string) ([]string, error) {
	if err := (blob.Key{OrgID: orgID, ClientID: clientID, ID: "x"}).Check(); err != nil {
		return nil, err
	}
	prefix := orgID + "/" + clientID + "/"
	var ids []string
	token := ""
	for {
		q := url.Values{"list-type": {"2"}, "prefix": {prefix}}
		if token != "" {
			q.Set("continuation-token", token)
		}
		res, err := s.do(ctx, http.MethodGet, s.objectURL("", q), nil, nil)
		if err != nil {
			return nil, fmt.Errorf("s3 list: %w", err)
		}
		if res.StatusCode != http.StatusOK {
			err := s3Error("list", blob.Key{OrgID: orgID, ClientID: clientID, ID: "*"}, res)
			res.Body.Close()
			return nil, err
		}
		var page struct {
			Contents []struct {
				Key string `xml:"Key"`
			} `xml:"Contents"`
			IsTruncated           bool   `xml:"IsTruncated"`
			NextContinuationToken string `xml:"NextContinuationToken"`
		}
		err = xml.NewDecoder(io.LimitReader(res.Body, 16<<20)).Decode(&page)
		res.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("s3 list: %w", err)
		}
		for _, c := range page.Contents {
			if id, ok := strings.CutPrefix(c.Key, prefix); ok && (blob.Key{OrgID: orgID, ClientID: clientID, ID: id}).Check() == nil {
				ids = append(ids, id)
			}
		}
		if !page.IsTruncated || page.NextContinuationToken == "" {
			return ids, nil
		}
		token = page.NextContinuationToken
	}
}

// *Store is a blob.Store.
var _ blob.Store = (*Store)(nil)
