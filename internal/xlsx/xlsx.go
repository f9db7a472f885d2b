// Package xlsx writes a one-sheet Office Open XML spreadsheet (.xlsx) with
// nothing but archive/zip and encoding/xml (ADR 38): the downloads of
// Koto's logs for people who open them in Excel or LibreOffice. Every cell
// is an inline string, so nothing in a file is ever a formula or a number
// a spreadsheet would reinterpret: a cell "=HYPERLINK(…)" is text. Rows
// stream into the archive as they are written; Close writes the rest.
package xlsx

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// ContentType is the media type of an .xlsx file.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Writer writes one sheet of text cells.
type Writer struct {
	zw     *zip.Writer
	sheet  *bufio.Writer
	name   string
	rows   int
	closed bool
}

// NewWriter starts a workbook of one sheet named sheetName on w.
func NewWriter(w io.Writer, sheetName string) (*Writer, error) {
	zw := zip.NewWriter(w)
	f, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	x := &Writer{zw: zw, sheet: bufio.NewWriter(f), name: sheetTitle(sheetName)}
	_, err = x.sheet.WriteString(xml.Header + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	return x, err
}

// Write appends one row; every cell is an inline string.
func (x *Writer) Write(cells []string) error {
	if x.closed {
		return errors.New("xlsx: write after close")
	}
	x.rows++
	r := strconv.Itoa(x.rows)
	b := x.sheet
	b.WriteString(`<row r="` + r + `">`)
	for i, c := range cells {
		b.WriteString(`<c r="` + Column(i) + r + `" t="inlineStr"><is><t xml:space="preserve">`)
		if err := xml.EscapeText(b, []byte(c)); err != nil {
			return err
		}
		b.WriteString(`</t></is></c>`)
	}
	_, err := b.WriteString(`</row>`)
	return err
}

// Close ends the sheet and writes the workbook's other parts.
func (x *Writer) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	x.sheet.WriteString(`</sheetData></worksheet>`)
	if err := x.sheet.Flush(); err != nil {
		return err
	}
	var name strings.Builder
	_ = xml.EscapeText(&name, []byte(x.name))
	parts := []struct{ path, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
			`</Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
			`</Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
			`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
			`<sheet name="` + name.String() + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`</Relationships>`},
		{"xl/styles.xml", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
			`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
			`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
			`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
			`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
			`</styleSheet>`},
	}
	for _, p := range parts {
		f, err := x.zw.Create(p.path)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, xml.Header+p.body); err != nil {
			return err
		}
	}
	return x.zw.Close()
}

// Column is the letter name of the zero-based column i: A … Z, AA, AB, ….
func Column(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// sheetTitle is a valid sheet name: at most 31 characters, none of
// []:*?/\ and not empty.
func sheetTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "Sheet1"
	}
	return s
}
