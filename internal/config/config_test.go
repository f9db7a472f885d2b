package config

import (
	"flag"
	"testing"
)

func TestBlobSettings(t *testing.T) {
	keys := map[string]string{"KOTO_S3_ACCESS_KEY_ID": "AK", "KOTO_S3_SECRET_ACCESS_KEY": "SK"}
	tests := []struct {
		name   string
		args   []string
		env    map[string]string
		ok     bool
		bucket string
	}{
		{"defaults: blobs in the data directory", nil, nil, true, ""},
		{"s3", []string{"--blob-url", "s3://liitteet?endpoint=https://s3.example.fi&region=eu-north-1"}, keys, true, "liitteet"},
		{"s3 without keys", []string{"--blob-url", "s3://liitteet?endpoint=https://s3.example.fi"}, nil, false, ""},
		{"s3 without endpoint", []string{"--blob-url", "s3://liitteet"}, keys, false, ""},
		{"not s3", []string{"--blob-url", "https://s3.example.fi/liitteet"}, keys, false, ""},
		{"unknown parameter", []string{"--blob-url", "s3://liitteet?endpoint=https://s3.example.fi&secret=x"}, keys, false, ""},
		{"a path after the bucket", []string{"--blob-url", "s3://liitteet/x?endpoint=https://s3.example.fi"}, keys, false, ""},
		{"limit too small", []string{"--attachment-max-mib", "-1"}, nil, false, ""},
		{"limit too large", []string{"--attachment-max-mib", "101"}, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("koto", flag.ContinueOnError)
			c := Register(fs, func(k string) string { return tt.env[k] })
			if err := fs.Parse(append([]string{"--data-dir", "/srv/koto"}, tt.args...)); err != nil {
				t.Fatal(err)
			}
			err := c.Validate()
			if (err == nil) != tt.ok {
				t.Fatalf("Validate = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && tt.bucket == "" && (c.BlobDir != "/srv/koto/blobs" || c.AttachmentMaxMiB != 10) {
				t.Errorf("defaults: %q, %d", c.BlobDir, c.AttachmentMaxMiB)
			}
			if tt.ok && tt.bucket != "" && (c.S3.Bucket != tt.bucket || c.S3.Endpoint != "https://s3.example.fi" || c.S3.AccessKey != "AK") {
				t.Errorf("s3: %+v", c.S3)
			}
		})
	}
}
