package subject

import (
	"io"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"koto/internal/plan"
)

// Document is the access report as a printable document: the labelled,
// translated values the transport made of a Report.
type Document struct {
	Title, Intro, Generated string
	PageLabel               string // "Page %v" in the document's language
	None                    string // the text of an empty section
	Sections                []Section
}

// Section is one kind of record in a Document.
type Section struct {
	Title   string
	Entries [][]Field
}

// Field is a labelled value.
type Field struct{ Label, Value string }

// WritePDF writes d as an A4 PDF dated at. The title metadata is the
// report's title only; personal data stays in the pages.
func WritePDF(w io.Writer, d Document, at time.Time) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", plan.Font())
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetTitle(d.Title, true)
	pdf.SetProducer("Koto", false)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("DejaVu", "", 8)
		pdf.CellFormat(0, 10, pageLabel(d.PageLabel, pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("DejaVu", "", 16)
	pdf.MultiCell(0, 9, d.Title, "", "L", false)
	pdf.SetFont("DejaVu", "", 10)
	pdf.MultiCell(0, 5.5, d.Intro, "", "L", false)
	pdf.MultiCell(0, 5.5, d.Generated, "", "L", false)
	for _, s := range d.Sections {
		pdf.Ln(3)
		pdf.SetFont("DejaVu", "", 13)
		pdf.MultiCell(0, 7, s.Title, "", "L", false)
		pdf.SetFont("DejaVu", "", 10)
		if len(s.Entries) == 0 {
			pdf.MultiCell(0, 5.5, d.None, "", "L", false)
		}
		for _, e := range s.Entries {
			for _, f := range e {
				pdf.MultiCell(0, 5.5, f.Label+": "+f.Value, "", "L", false)
			}
			pdf.Ln(2)
		}
	}
	return pdf.Output(w)
}

// pageLabel fills the page number into label ("Page %v").
func pageLabel(label string, n int) string {
	if !strings.Contains(label, "%v") {
		return strings.TrimSpace(label + " " + strconv.Itoa(n))
	}
	return strings.Replace(label, "%v", strconv.Itoa(n), 1)
}
