package httpx

import (
	"bytes"
	"errors"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"
)

type part struct {
	name, fileName string
	content        []byte
}

func uploadRequest(t *testing.T, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, p := range parts {
		var err error
		if p.fileName != "" || p.name == "file" {
			w, cerr := mw.CreateFormFile(p.name, p.fileName)
			if cerr != nil {
				t.Fatal(cerr)
			}
			_, err = w.Write(p.content)
		} else {
			err = mw.WriteField(p.name, string(p.content))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, mw.FormDataContentType()
}

func TestReadUpload(t *testing.T) {
	const max = 100
	tests := []struct {
		name      string
		parts     []part
		ct        string // overrides the multipart content type
		err       error
		fields    map[string]string
		fileBytes int // -1: no file
	}{
		{"fields and a file", []part{{"category", "", []byte("other")}, {"file", "a.pdf", []byte("xyz")}}, "", nil,
			map[string]string{"category": "other"}, 3},
		{"no file chosen", []part{{"title", "", []byte("t")}, {"file", "", nil}}, "", nil, map[string]string{"title": "t"}, -1},
		{"too large keeps the fields before it", []part{{"title", "", []byte("t")}, {"file", "a.pdf", bytes.Repeat([]byte("x"), max+1)}},
			"", ErrUploadTooLarge, map[string]string{"title": "t"}, -1},
		{"exactly the limit", []part{{"file", "a.pdf", bytes.Repeat([]byte("x"), max)}}, "", nil, map[string]string{}, max},
		{"two files", []part{{"file", "a.pdf", []byte("a")}, {"file", "b.pdf", []byte("b")}}, "", ErrUploadMalformed, nil, -1},
		{"a file in a text field", []part{{"title", "x.txt", []byte("a")}}, "", ErrUploadMalformed, nil, -1},
		{"field too long", []part{{"title", "", bytes.Repeat([]byte("x"), maxUploadField+1)}}, "", ErrUploadMalformed, nil, -1},
		{"the first value counts", []part{{"title", "", []byte("a")}, {"title", "", []byte("b")}}, "", nil, map[string]string{"title": "a"}, -1},
		{"not multipart", nil, "application/json", ErrNotMultipart, nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := uploadRequest(t, tt.parts...)
			if tt.ct != "" {
				ct = tt.ct
			}
			req := httptest.NewRequest("POST", "/", body)
			req.Header.Set("Content-Type", ct)
			up, err := ReadUpload(httptest.NewRecorder(), req, "file", max)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			for k, v := range tt.fields {
				if up.Fields[k] != v {
					t.Errorf("field %s = %q, want %q", k, up.Fields[k], v)
				}
			}
			if err == nil && (tt.fileBytes < 0) != (up.Content == nil) || tt.fileBytes >= 0 && len(up.Content) != tt.fileBytes {
				t.Errorf("file: %d bytes (nil %v), want %d", len(up.Content), up.Content == nil, tt.fileBytes)
			}
		})
	}
}

// A body larger than the limit by its length is refused before parsing.
func TestReadUploadContentLength(t *testing.T) {
	req := httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 1000)))
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	req.ContentLength = 10 << 20
	if _, err := ReadUpload(httptest.NewRecorder(), req, "file", 100); !errors.Is(err, ErrUploadTooLarge) {
		t.Errorf("err %v", err)
	}
}

// Whatever the body, ReadUpload returns one of its errors or an upload
// within the limits; it never panics.
func FuzzReadUpload(f *testing.F) {
	b, ct := uploadRequest(&testing.T{}, part{"category", "", []byte("other")}, part{"file", "a.pdf", []byte("%PDF-")})
	f.Add(b.Bytes(), ct)
	f.Add([]byte("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc\r\n--x--\r\n"), "multipart/form-data; boundary=x")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		up, err := ReadUpload(httptest.NewRecorder(), req, "file", 64)
		if err != nil && !errors.Is(err, ErrNotMultipart) && !errors.Is(err, ErrUploadTooLarge) && !errors.Is(err, ErrUploadMalformed) {
			t.Fatalf("unexpected error %v", err)
		}
		if len(up.Content) > 64 {
			t.Fatalf("file of %d bytes over the limit", len(up.Content))
		}
	})
}
