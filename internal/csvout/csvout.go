// Package csvout is the one CSV writer of Koto: every CSV file Koto emits
// (the disclosure log, and any export added later) is written through it,
// so every cell is protected against spreadsheet formula injection
// (CSV injection, OWASP): a cell that begins with '=', '+', '-', '@', a
// tab or a carriage return is prefixed with a single quote, which makes a
// spreadsheet show it as text instead of evaluating it. Quoting and line
// endings are encoding/csv's (RFC 4180, CRLF, which spreadsheets expect);
// the file starts with a UTF-8 byte order mark so that Excel reads
// Finnish and Swedish letters right.
package csvout

import (
	"encoding/csv"
	"io"
)

// ContentType is the media type of Koto's CSV files.
const ContentType = "text/csv; charset=utf-8"

// bom makes spreadsheet programs read the file as UTF-8.
const bom = "\ufeff"

// Writer writes neutralised CSV records.
type Writer struct {
	w   *csv.Writer
	out io.Writer
	bom bool
	row []string
}

// NewWriter returns a Writer to w; the first Write starts the file with
// the UTF-8 byte order mark.
func NewWriter(w io.Writer) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{w: cw, out: w}
}

// Write writes one record, every cell neutralised (Neutralise).
func (w *Writer) Write(record []string) error {
	if !w.bom {
		w.bom = true
		if _, err := io.WriteString(w.out, bom); err != nil {
			return err
		}
	}
	w.row = w.row[:0]
	for _, c := range record {
		w.row = append(w.row, Neutralise(c))
	}
	return w.w.Write(w.row)
}

// Flush writes any buffered data and reports an error of this or an
// earlier write.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Neutralise returns the cell as a spreadsheet must show it: a cell that
// begins with a character a spreadsheet may take as the start of a formula
// ('=', '+', '-', '@', tab, carriage return) gets a leading single quote.
// Every other cell is returned unchanged.
func Neutralise(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
