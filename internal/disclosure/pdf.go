package disclosure

import (
	"io"
	"strconv"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"koto/internal/civil"
	"koto/internal/plan"
)

// PDFHeader is what the printed package says about itself.
type PDFHeader struct {
	From string    // the disclosing organisation's name
	At   time.Time // when it was disclosed
	Hash string    // the content hash
}

// WritePDF writes the printable package: a heading, who disclosed it and
// when, the hash, and the 18 items (shown by Show) with "no data" for the
// empty ones. The title metadata is the heading only, never personal data.
func WritePDF(w io.Writer, h PDFHeader, items []Shown, t Translate) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", plan.Font())
	pdf.SetCreationDate(h.At)
	pdf.SetModificationDate(h.At)
	pdf.SetTitle(t("disclosures.pdf.title"), true)
	pdf.SetProducer("Koto", false)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("DejaVu", "", 8)
		pdf.CellFormat(0, 10, t("disclosures.pdf.page", strconv.Itoa(pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	pdf.SetFont("DejaVu", "", 15)
	pdf.MultiCell(0, 8, t("disclosures.pdf.title"), "", "L", false)
	pdf.SetFont("DejaVu", "", 9)
	pdf.MultiCell(0, 5, t("disclosures.pdf.basis"), "", "L", false)
	pdf.MultiCell(0, 5, t("disclosures.pdf.from", h.From, h.At.In(civil.Helsinki).Format("2.1.2006 15.04")), "", "L", false)
	pdf.MultiCell(0, 5, t("disclosures.pdf.hash", h.Hash), "", "L", false)
	for i, it := range items {
		pdf.Ln(2)
		pdf.SetFont("DejaVu", "", 11)
		pdf.MultiCell(0, 6, strconv.Itoa(i+1)+". "+it.Label, "", "L", false)
		pdf.SetFont("DejaVu", "", 10)
		if it.Empty {
			pdf.MultiCell(0, 5.5, t("disclosures.no_data"), "", "L", false)
		}
		for _, l := range it.Lines {
			pdf.MultiCell(0, 5.5, l, "", "L", false)
		}
	}
	if err := pdf.Error(); err != nil {
		return err
	}
	return pdf.Output(w)
}
