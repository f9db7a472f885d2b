package httpx

import (
	"io"
	"log/slog"
	"net/http"

	"koto/internal/csvout"
	"koto/internal/xlsx"
)

// TableFormat is a download format of rows: CSV or an .xlsx workbook.
type TableFormat struct {
	Ext, ContentType string
	open             func(w io.Writer, sheet string) (tableWriter, func() error, error)
}

type tableWriter interface{ Write([]string) error }

// CSV writes rows through csvout, which neutralises formula injection.
var CSV = TableFormat{Ext: "csv", ContentType: csvout.ContentType,
	open: func(w io.Writer, _ string) (tableWriter, func() error, error) {
		cw := csvout.NewWriter(w)
		return cw, cw.Flush, nil
	}}

// XLSX writes rows as a workbook whose cells are all text (xlsx).
var XLSX = TableFormat{Ext: "xlsx", ContentType: xlsx.ContentType,
	open: func(w io.Writer, sheet string) (tableWriter, func() error, error) {
		xw, err := xlsx.NewWriter(w, sheet)
		if err != nil {
			return nil, nil, err
		}
		return xw, xw.Close, nil
	}}

// StreamTable answers with the download name.<f.Ext>: header, then the
// rows each emits, page by page as the caller reads them. The status goes
// out with the first row, so an error before it is returned for the
// caller to answer (an invalid filter, a refusal); an error after it is
// logged and cuts the connection, so a truncated file is never taken for
// a whole one.
func StreamTable(w http.ResponseWriter, r *http.Request, log *slog.Logger, f TableFormat, name string, header []string,
	each func(emit func(row []string) error) error) error {
	var out tableWriter
	var finish func() error
	start := func() error {
		h := w.Header()
		h.Set("Content-Type", f.ContentType)
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Disposition", `attachment; filename="`+name+`.`+f.Ext+`"`)
		w.WriteHeader(http.StatusOK)
		var err error
		if out, finish, err = f.open(w, name); err != nil {
			return err
		}
		return out.Write(header)
	}
	err := each(func(row []string) error {
		if out == nil {
			if err := start(); err != nil {
				return err
			}
		}
		return out.Write(row)
	})
	switch {
	case err != nil && out == nil:
		return err
	case err != nil:
		log.ErrorContext(r.Context(), "download cut short", "file", f.Ext, "err", err)
		panic(http.ErrAbortHandler)
	case out == nil:
		if err := start(); err != nil {
			log.ErrorContext(r.Context(), "download", "file", f.Ext, "err", err)
			return nil
		}
	}
	if err := finish(); err != nil {
		log.ErrorContext(r.Context(), "download", "file", f.Ext, "err", err)
	}
	return nil
}
