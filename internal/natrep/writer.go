package natrep

import (
	"bufio"
	"encoding/json"
	"io"
	"time"
)

// Writer streams a Document: the header first, then one record at a time,
// so an export of any size holds one page of records in memory.
type Writer struct {
	w     *bufio.Writer
	count int
}

// NewWriter writes the header of a document of organisation orgCode to w;
// period is nil for a document that is not an export of a period.
func NewWriter(w io.Writer, orgCode string, period *Period, now time.Time) (*Writer, error) {
	head := Document{Schema: SchemaID, SchemaVersion: SchemaVersion, Organisation: orgCode, Period: period,
		CreatedAt: timestamp(now), CodeLists: CodeLists, Records: []Record{}}
	b, err := json.Marshal(head)
	if err != nil {
		return nil, err
	}
	// The header ends with "records":[]}; the records go inside the array.
	b = b[:len(b)-2]
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(b); err != nil {
		return nil, err
	}
	return &Writer{w: bw}, nil
}

// Write appends a record.
func (w *Writer) Write(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if w.count > 0 {
		if err := w.w.WriteByte(','); err != nil {
			return err
		}
	}
	w.count++
	_, err = w.w.Write(b)
	return err
}

// Close ends the document and flushes it.
func (w *Writer) Close() error {
	if _, err := w.w.WriteString("]}\n"); err != nil {
		return err
	}
	return w.w.Flush()
}

// Count is the number of records written.
func (w *Writer) Count() int { return w.count }
