package web

import (
	"net/http"
	"strings"

	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/placement"
)

// historyPage is the model of a client's change history.
type historyPage struct {
	page
	ID   string
	Rows []historyRow
}

type historyRow struct {
	At, User, Field, Old, New string
}

// codedFields names the code list of each coded field of the history;
// a list of codes (citizenships) is stored joined with ", " (client.Diff).
var codedFields = map[string]string{
	"motherTongue": codes.LanguageList, "serviceLanguage": codes.LanguageList,
	"interpreterLanguage": codes.LanguageList, "citizenships": codes.CountryList,
	"homeMunicipality": codes.MunicipalityList, "placement.municipality": codes.MunicipalityList,
}

// hiddenValue stands for values the user may not see (the HETU, an
// address under protection).
const hiddenValue = "••••"

// clientHistory lists the changes of a client, newest first.
func (h *Handler) clientHistory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	changes, err := h.Clients.History(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/history")
		return
	}
	pg := h.newPage(r, "web.history.title")
	m := historyPage{page: pg, ID: id}
	for _, c := range changes {
		m.Rows = append(m.Rows, historyRow{At: pg.Time(c.At), User: displayName(c.DisplayName, c.Username), Field: pg.T("field." + c.Field),
			Old: changeValue(pg, c, c.OldValue, c.OldPermits), New: changeValue(pg, c, c.NewValue, c.NewPermits)})
	}
	h.render(w, r, http.StatusOK, "client_history", m)
}

// changeValue shows a history value: hidden for encrypted fields, yes/no
// for flags, translated for the sex, names for codes, a permit in words.
func changeValue(pg page, c client.Change, v string, ps []client.Permit) string {
	switch {
	case c.Hidden:
		return hiddenValue
	case c.Field == "permits" && c.Legible:
		words := make([]string, len(ps))
		for i, p := range ps {
			words[i] = permitWords(pg, p)
		}
		return strings.Join(words, "; ")
	case c.Field == "sex":
		return pg.T("sex." + v)
	case c.Field == "serviceEndReason" && v != "":
		return pg.T(client.ReasonKey(v))
	case c.Field == placement.HouseholdField && v != "":
		kind, koto, _ := strings.Cut(v, " ")
		return pg.T("household.kind."+kind) + " (" + koto + ")"
	case codedFields[c.Field] != "":
		return pg.CodeNames(codedFields[c.Field], strings.Split(v, ", "))
	case v == "true":
		return pg.T("web.yes")
	case v == "false":
		return pg.T("web.no")
	}
	return v
}
