package plan

import (
	_ "embed"
	"io"
	"strconv"

	"codeberg.org/go-pdf/fpdf"

	"koto/internal/civil"
	"koto/internal/services"
)

// dejaVuSans is DejaVu Sans (Bitstream Vera licence, font/LICENSE-DejaVu.txt):
// a UTF-8 TrueType font, so names and text print as written — ä, ö, å,
// and also Cyrillic (ADR 22).
//
//go:embed font/DejaVuSans.ttf
var dejaVuSans []byte

// Font is the embedded DejaVu Sans, for the other printable documents
// (one copy of the font in the binary).
// Font is the embedded DejaVu Sans, for other printable documents (the
// access report of package subject) so that the font is embedded once.
func Font() []byte { return dejaVuSans }

// Translate gives the text of a catalog key in the printed language.
type Translate func(key string, args ...any) string

// WritePDF writes the printable plan p of the client named name, with
// labels from t and service names in lang (the language Document chose). Personal data stays in the
// document; the title metadata is the plan's kind only.
func WritePDF(w io.Writer, p Plan, name, lang string, t Translate) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", dejaVuSans)
	pdf.SetCreationDate(p.SavedAt)
	pdf.SetModificationDate(p.SavedAt)
	pdf.SetTitle(t("plan.kind."+p.Kind), true)
	pdf.SetProducer("Koto", false)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("DejaVu", "", 8)
		pdf.CellFormat(0, 10, t("plan.pdf.page", strconv.Itoa(pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()

	heading := func(s string) {
		pdf.Ln(3)
		pdf.SetFont("DejaVu", "", 13)
		pdf.MultiCell(0, 7, s, "", "L", false)
		pdf.SetFont("DejaVu", "", 10)
	}
	line := func(s string) { pdf.MultiCell(0, 5.5, s, "", "L", false) }
	pair := func(label, value string) { line(label + ": " + value) }

	pdf.SetFont("DejaVu", "", 16)
	pdf.MultiCell(0, 9, t("plan.kind."+p.Kind), "", "L", false)
	pdf.SetFont("DejaVu", "", 10)
	pair(t("plan.field.client"), name)
	pair(t("plan.field.period"), dateText(p.StartDate)+" – "+dateText(p.EndDate))
	pair(t("plan.field.version"), strconv.Itoa(p.Number)+" ("+p.SavedAt.Format("2006-01-02")+")")
	if !p.ClosedOn.IsZero() {
		pair(t("plan.field.closed"), dateText(p.ClosedOn)+" — "+p.CloseReason)
	}

	heading(t("plan.field.goals"))
	for _, g := range p.Goals {
		line("• " + g)
	}
	if len(p.Measures) > 0 {
		heading(t("plan.field.measures"))
		for _, m := range p.Measures {
			s := "• " + m.Text
			if m.ServiceKind != "" {
				name := services.Name(m.ServiceKind, lang)
				if name == "" {
					name = t("plan.service_kind_unknown")
				}
				s += " [" + name + "]"
			}
			if !m.Start.IsZero() || !m.End.IsZero() {
				s += " " + dateText(m.Start) + " – " + dateText(m.End)
			}
			line(s)
		}
	}
	if len(p.ReviewDates) > 0 {
		heading(t("plan.field.reviews"))
		for _, d := range p.ReviewDates {
			line("• " + dateText(d))
		}
	}
	if len(p.FollowUps) > 0 {
		heading(t("plan.field.follow_ups"))
		for _, f := range p.FollowUps {
			line(dateText(f.Date) + ": " + f.Text)
		}
	}
	if len(p.Warnings) > 0 {
		heading(t("plan.field.warnings"))
		for _, wn := range p.Warnings {
			line("• " + t("plan.warning."+wn.Code, wn.Months) + " (" + wn.Law + ")")
		}
	}
	return pdf.Output(w)
}

func dateText(d civil.Date) string {
	if d.IsZero() {
		return "…"
	}
	return d.String()
}
