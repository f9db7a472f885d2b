package authority

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/plan"
)

// Translate gives the text of a catalog key in the printed language.
type Translate func(key string, args ...any) string

// WritePDF writes the printable delivery of d: the request, the decision
// and the disclosed content exactly as recorded (its hash printed), with
// labels from t. The title metadata names no person.
func WritePDF(w io.Writer, d Delivery, t Translate) error {
	dec := json.NewDecoder(bytes.NewReader(d.Disclosure.Content))
	dec.UseNumber()
	var content map[string]any
	if err := dec.Decode(&content); err != nil {
		return apperr.Wrap(err, "disclosed content")
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("DejaVu", "", plan.Font())
	at := d.Disclosure.CreatedAt
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetTitle(t("authority.pdf.title"), true)
	pdf.SetProducer("Koto", false)
	pdf.SetMargins(20, 20, 20)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-15)
		pdf.SetFont("DejaVu", "", 8)
		pdf.CellFormat(0, 10, t("authority.pdf.page", strconv.Itoa(pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	pdf.AddPage()
	line := func(s string) { pdf.MultiCell(0, 5.5, s, "", "L", false) }
	pair := func(label, value string) { line(label + ": " + value) }
	heading := func(s string) {
		pdf.Ln(3)
		pdf.SetFont("DejaVu", "", 13)
		pdf.MultiCell(0, 7, s, "", "L", false)
		pdf.SetFont("DejaVu", "", 10)
	}

	pdf.SetFont("DejaVu", "", 16)
	pdf.MultiCell(0, 9, t("authority.pdf.title"), "", "L", false)
	pdf.SetFont("DejaVu", "", 10)
	r := d.Request
	pair(t("authority.field.requester"), r.Requester)
	pair(t("authority.field.provision"), r.Provision)
	pair(t("authority.field.received"), r.Received.String()+" ("+t("authority.channel."+r.Channel)+")")
	if dc := r.Decision; dc != nil {
		pair(t("authority.pdf.decided"), dc.CreatedAt.In(civil.Helsinki).Format("2006-01-02 15:04")+" — "+dc.Decider)
		if dc.Reason != "" {
			pair(t("authority.field.reason"), dc.Reason)
		}
	}
	pair(t("authority.pdf.disclosure"), d.Disclosure.ID)
	pair(t("authority.pdf.hash"), d.Disclosure.ContentHash)

	for _, it := range d.Disclosure.Items {
		heading(t("authority.item." + it))
		v, ok := content[it]
		if !ok {
			continue
		}
		lines := flatten(v, "")
		if len(lines) == 0 {
			line(t("authority.pdf.no_data"))
		}
		for _, l := range lines {
			line(l)
		}
	}
	return pdf.Output(w)
}

// flatten writes a JSON value as indented "key: value" lines, objects'
// keys sorted, arrays numbered; empty values are left out.
func flatten(v any, indent string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			switch sub := x[k].(type) {
			case map[string]any, []any:
				if inner := flatten(sub, indent+"  "); len(inner) > 0 {
					out = append(out, indent+k+":")
					out = append(out, inner...)
				}
			default:
				if s := scalar(sub); s != "" {
					out = append(out, indent+k+": "+s)
				}
			}
		}
	case []any:
		for i, e := range x {
			inner := flatten(e, indent+"  ")
			if s := scalar(e); s != "" {
				out = append(out, fmt.Sprintf("%s%d. %s", indent, i+1, s))
			} else if len(inner) > 0 {
				out = append(out, fmt.Sprintf("%s%d.", indent, i+1))
				out = append(out, inner...)
			}
		}
	default:
		if s := scalar(x); s != "" {
			out = append(out, indent+s)
		}
	}
	return out
}

// scalar is a JSON scalar as text; "" for null, false, an empty string
// and for objects and arrays.
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "✓"
		}
	}
	return ""
}
