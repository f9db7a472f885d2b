package web

import (
	"strconv"
	"strings"

	"koto/internal/access"
	"koto/internal/client"
)

// mergePage is the model of the merge page (templates/merge.html) in its
// views: the candidates to merge into a record (no "with"), the side-by-
// side comparison with the choices, a message (a merge that cannot be
// done), and the possible duplicates after an edit.
type mergePage struct {
	page
	ID, Name, KotoID string
	// Candidates: records that look like the same person.
	Candidates []dupRow
	CanMerge   bool
	Edited     bool // the candidates view after an edit of the record
	// Comparison.
	WithID, WithName, WithKotoID string
	Rows                         []mergeRow
	Choices                      []mergeChoice
	Errors                       formErrors
	Message                      string // a notice instead of the comparison
}

// mergeRow is one line of the comparison: the values of both records and
// what the merged record will hold with the default choices.
type mergeRow struct {
	Label, Survivor, Merged, Result string
	Conflict                        bool
}

// mergeChoice is the radio group of one conflicting field.
type mergeChoice struct {
	Field, Legend             string
	Survivor, Merged          string // the values, as labels
	SurvivorChosen, HasErrors bool
	Error                     string
}

// mergeValues are the shown values of a record's merge fields.
func mergeValues(pg page, d client.Details) map[string]string {
	t := pg.T
	yes := func(b bool) string {
		if b {
			return t("web.yes")
		}
		return ""
	}
	interp := yes(d.InterpreterNeeded)
	if d.InterpreterLanguage != "" {
		interp += " (" + d.InterpreterLanguage + ")"
	}
	cits := strings.Join(d.Citizenships, ", ")
	if d.Stateless {
		cits = t("field.stateless")
	}
	sex := ""
	if d.Sex != client.SexUnknown {
		sex = t("sex." + string(d.Sex))
	}
	addr := strings.TrimSpace(strings.Join([]string{d.Address.Street, strings.TrimSpace(d.Address.PostalCode + " " + d.Address.PostOffice)}, ", "))
	addr = strings.Trim(addr, ", ")
	return map[string]string{
		"name": strings.TrimSpace(d.FirstNames + " " + d.LastName), "birthDate": pg.Date(d.BirthDate), "sex": sex,
		"birthPlace": d.BirthPlace, "motherTongue": d.MotherTongue, "serviceLanguage": d.ServiceLanguage,
		"interpreter": strings.TrimSpace(interp), "citizenships": cits, "homeMunicipality": d.HomeMunicipality,
		"address": addr, "phone": d.Phone, "email": d.Email, "arrivalDate": pg.Date(d.ArrivalDate),
		"municipalityRegistered": pg.Date(d.MunicipalityRegistered),
	}
}

// comparison fills the side-by-side view of p; chosen are the sides the
// form posted (nil: the defaults).
func (m *mergePage) comparison(p client.MergePreview, chosen map[string]client.Side) {
	pg := m.page
	m.ID, m.Name, m.KotoID = p.Survivor.ID, p.Survivor.FullName(), p.Survivor.KotoID
	m.WithID, m.WithName, m.WithKotoID = p.Merged.ID, p.Merged.FullName(), p.Merged.KotoID
	sv, mg, res := mergeValues(pg, p.Survivor.Details), mergeValues(pg, p.Merged.Details), mergeValues(pg, p.Result)
	conflict := map[string]bool{}
	for _, f := range p.Conflicts {
		conflict[f] = true
	}
	hidden := func(h string) string {
		if h != "" {
			return hiddenValue
		}
		return ""
	}
	m.Rows = append(m.Rows, mergeRow{Label: pg.T("field.hetu"), Survivor: hidden(p.Survivor.HETU), Merged: hidden(p.Merged.HETU), Result: hidden(p.Result.HETU)})
	for _, f := range client.MergeFieldNames() {
		label := pg.T("merge.field." + f)
		m.Rows = append(m.Rows, mergeRow{Label: label, Survivor: sv[f], Merged: mg[f], Result: res[f], Conflict: conflict[f]})
		if conflict[f] {
			side, ok := chosen[f]
			if !ok {
				side = p.Default
			}
			c := mergeChoice{Field: f, Legend: label, Survivor: sv[f], Merged: mg[f], SurvivorChosen: side == client.SideSurvivor}
			if e := m.Errors.of("choices." + f); e != "" {
				c.Error, c.HasErrors = e, true
			}
			m.Choices = append(m.Choices, c)
		}
	}
	m.Rows = append(m.Rows,
		mergeRow{Label: pg.T("field.previousNames"), Survivor: strings.Join(p.Survivor.PreviousNames, ", "),
			Merged: strings.Join(p.Merged.PreviousNames, ", "), Result: strings.Join(p.Result.PreviousNames, ", ")},
		mergeRow{Label: pg.T("web.permits.heading"), Survivor: itoa(len(p.Survivor.Permits)), Merged: itoa(len(p.Merged.Permits)),
			Result: itoa(len(p.Result.Permits))})
}

func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// canMerge reports whether a may merge records.
func canMerge(a access.Actor) bool { return a.Can(access.ClientMerge) }
