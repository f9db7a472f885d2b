package httpx

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
)

// Upload is a multipart/form-data request with at most one file: its text
// fields (the first value of each) and the file.
type Upload struct {
	Fields   map[string]string
	FileName string // as the browser or tool sent it; never stored or shown
	Content  []byte // nil when no file was sent
}

// Errors of ReadUpload.
var (
	// ErrNotMultipart: the request is not multipart/form-data.
	ErrNotMultipart = errors.New("httpx: not multipart/form-data")
	// ErrUploadTooLarge: the file is larger than the limit. The fields
	// sent before it are in the Upload returned with it.
	ErrUploadTooLarge = errors.New("httpx: upload too large")
	// ErrUploadMalformed: the body is not a well-formed multipart form.
	ErrUploadMalformed = errors.New("httpx: malformed multipart form")
)

const (
	maxUploadField  = 64 << 10 // one text field
	maxUploadFields = 32
)

// ReadUpload reads a multipart/form-data request whose file part is named
// fileField and is at most maxFile bytes. It streams the parts in order
// and stops at the first that breaks a limit, so a form whose file part
// comes last keeps its fields even when the file is too large. Only the
// first file is kept; other file parts are refused as malformed.
func ReadUpload(w http.ResponseWriter, r *http.Request, fileField string, maxFile int64) (Upload, error) {
	up := Upload{Fields: map[string]string{}}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "multipart/form-data" {
		return up, ErrNotMultipart
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFile+maxUploadField*maxUploadFields)
	if r.ContentLength > maxFile+maxUploadField*maxUploadFields {
		drain(r)
		return up, ErrUploadTooLarge
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return up, ErrUploadMalformed
	}
	for n := 0; ; n++ {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return up, nil
		}
		if err != nil {
			return up, readError(err)
		}
		if n >= maxUploadFields {
			return up, ErrUploadMalformed
		}
		name := part.FormName()
		if name == fileField {
			if up.Content != nil {
				return up, ErrUploadMalformed
			}
			b, err := io.ReadAll(io.LimitReader(part, maxFile+1))
			if err != nil {
				return up, readError(err)
			}
			if int64(len(b)) > maxFile {
				drain(r)
				return up, ErrUploadTooLarge
			}
			if len(b) == 0 && part.FileName() == "" {
				continue // an empty file input: no file chosen
			}
			up.FileName, up.Content = part.FileName(), b
			continue
		}
		if part.FileName() != "" {
			return up, ErrUploadMalformed // a file in a text field
		}
		b, err := io.ReadAll(io.LimitReader(part, maxUploadField+1))
		if err != nil {
			return up, readError(err)
		}
		if len(b) > maxUploadField {
			return up, ErrUploadMalformed
		}
		if _, seen := up.Fields[name]; !seen {
			up.Fields[name] = string(b)
		}
	}
}

// drain reads the rest of a refused upload, up to the body's limit: the
// server closes a connection that leaves much of a body unread, and a
// browser still sending may then show a reset connection, not the answer.
func drain(r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
}

func readError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return ErrUploadTooLarge
	}
	return ErrUploadMalformed
}

// ServeDownload writes content as a file to save, never to show: the
// given type, Content-Disposition attachment with the server's name, no
// sniffing, no caching, and a sandbox in case a browser shows it anyway.
// name must be a plain ASCII file name without quotes.
func ServeDownload(w http.ResponseWriter, contentType, name string, content []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Content-Length", strconv.Itoa(len(content)))
	NoStore(w)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(content)
}
