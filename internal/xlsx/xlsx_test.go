package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestColumn(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := Column(i); got != want {
			t.Errorf("Column(%d) = %q, want %q", i, got, want)
		}
	}
}

// readZip opens an .xlsx back and returns its parts by name.
func readZip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(body)
	}
	return out
}

// sheetCells parses the sheet XML into rows of (reference, type, text).
type cell struct {
	Ref  string `xml:"r,attr"`
	Type string `xml:"t,attr"`
	F    string `xml:"f"`
	V    string `xml:"v"`
	Text string `xml:"is>t"`
}

type sheet struct {
	Rows []struct {
		R     string `xml:"r,attr"`
		Cells []cell `xml:"c"`
	} `xml:"sheetData>row"`
}

func TestWorkbook(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "Loki: [käyttö]/2026 with a very long name indeed")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{
		{"Aika", "Käyttäjä", "Asiakas"},
		{"=HYPERLINK(\"http://evil.example\",\"x\")", "+1+2", "@SUM(A1)"},
		{"<b>&amp;\"'", "line\nbreak", "-3", "bad\x00control"},
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	parts := readZip(t, buf.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/styles.xml"} {
		body, ok := parts[name]
		if !ok {
			t.Fatalf("part %s missing", name)
		}
		if err := xml.Unmarshal([]byte(body), new(struct{})); err != nil {
			t.Errorf("part %s is not well-formed XML: %v", name, err)
		}
	}
	ct := parts["[Content_Types].xml"]
	for _, want := range []string{`PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"`,
		`PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"`,
		`Extension="rels"`} {
		if !strings.Contains(ct, want) {
			t.Errorf("content types lack %s", want)
		}
	}
	if !strings.Contains(parts["xl/workbook.xml"], `name="Loki_ _käyttö__2026 with a very`) {
		t.Errorf("sheet name not sanitised and cut: %s", parts["xl/workbook.xml"])
	}
	var s sheet
	if err := xml.Unmarshal([]byte(parts["xl/worksheets/sheet1.xml"]), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != len(rows) {
		t.Fatalf("%d rows, want %d", len(s.Rows), len(rows))
	}
	for i, r := range s.Rows {
		for j, c := range r.Cells {
			want := rows[i][j]
			if want == "bad\x00control" {
				want = "bad\uFFFDcontrol"
			}
			if c.Type != "inlineStr" || c.F != "" || c.V != "" {
				t.Errorf("cell %s is %q with formula %q value %q: want an inline string only", c.Ref, c.Type, c.F, c.V)
			}
			if c.Text != want {
				t.Errorf("cell %s = %q, want %q", c.Ref, c.Text, want)
			}
			if wantRef := Column(j) + r.R; c.Ref != wantRef {
				t.Errorf("cell ref %s, want %s", c.Ref, wantRef)
			}
		}
	}
	if strings.Contains(parts["xl/worksheets/sheet1.xml"], "<f>") {
		t.Error("the sheet holds a formula")
	}
}

func TestWriteAfterClose(t *testing.T) {
	w, _ := NewWriter(io.Discard, "x")
	_ = w.Close()
	if err := w.Write([]string{"a"}); err == nil {
		t.Error("write after close accepted")
	}
}
