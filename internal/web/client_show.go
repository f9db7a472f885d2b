package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"koto/internal/access"
	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/overview"
)

// cardPage is the model of the client card.
type cardPage struct {
	page
	ID, Name, KotoID      string
	HETU                  hetuItem
	Identity, Language    []item
	Contact               []item
	AddressHidden         bool
	Permits               []permitCardRow
	Created, Updated      string
	CanEdit, CanAccessLog bool
	CanRestriction        bool // the restriction of processing page (ADR 40)
	CanSensitive          bool // may open the special-category data
	Assignments           []assignmentRow
	CanAssign             bool  // supervisors: the assign form and remove buttons
	Assignee              field // the colleague to assign
	Team                  field // supervisors: the client's team to choose
	Errors                formErrors
	CanMerge              bool         // supervisors: merge another record into this one
	CanTransfer           bool         // supervisors: request a transfer to another municipality
	Merge                 *mergeBanner // an unconfirmed merge into this record
	Service               []item       // service end and death (client_service.go)
	CanPlacement          bool         // may open the reception and placement page
	// The overview (client_overview.go): the current plan, the open
	// referrals and the latest events, read with the card.
	MayPlans, MayReferrals, MayTimeline bool
	Plan                                *cardPlan
	Referrals                           []cardReferral
	Events                              []timelineRow
}

// mergeBanner is the card's notice of an unconfirmed merge.
type mergeBanner struct {
	KotoID, By, At string
	CanConfirm     bool // another supervisor than the one who merged
}

// item is one term and value of a description list.
type item struct{ Term, Value string }

// hetuItem is the HETU on the card: masked, with a button that reveals
// it (Reveal), or revealed for this view.
type hetuItem struct {
	Value    string
	Reveal   bool
	Revealed bool
}

// clientShow shows a client card as the client's overview: the card, the
// current plan, the open referrals and the latest events, read in one
// service call. A client of another organisation, or one that does not
// exist, is 404; the service logs the attempt. A client of the own
// organisation that is not the caseworker's asks for a reason.
func (h *Handler) clientShow(w http.ResponseWriter, r *http.Request) {
	h.showCard(w, r, http.StatusOK, formErrors{})
}

// showCard renders the card with status; errs are those of the
// assignment form.
func (h *Handler) showCard(w http.ResponseWriter, r *http.Request, status int, errs formErrors) {
	h.showCardHETU(w, r, status, errs, "")
}

// showCardHETU renders the card; hetu, when not "", is the revealed HETU
// shown instead of the masked one.
func (h *Handler) showCardHETU(w http.ResponseWriter, r *http.Request, status int, errs formErrors, hetu string) {
	a := actor(r)
	id := r.PathValue("id")
	o, err := h.Overview.Get(r.Context(), a, id, overview.ForCard)
	c := o.Card
	var merged *client.MergedError
	if errors.As(err, &merged) {
		// A record merged into another: its survivor is the card.
		http.Redirect(w, r, "/clients/"+url.PathEscape(merged.SurvivorID), http.StatusSeeOther)
		return
	}
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id)
		return
	}
	pg := h.newPage(r, "web.card.title")
	pg.Here = "/clients/" + id
	m := card(pg, a, c.Client, hetu)
	m.Errors = errs
	m.assignments(a, c.Assignments, c.Colleagues)
	m.CanMerge = canMerge(a)
	m.CanTransfer = a.Can(access.TransferRequest)
	if mg := c.OpenMerge; mg != nil {
		m.Merge = &mergeBanner{KotoID: mg.MergedKotoID, By: mg.MergedByName, At: pg.Time(mg.MergedAt), CanConfirm: m.CanMerge && mg.MergedBy != a.UserID}
	}
	m.team(c.TeamID, c.Teams)
	m.overview(pg, o)
	h.render(w, r, status, "client_card", m)
}

func card(pg page, a access.Actor, c client.Client, revealed string) cardPage {
	t := pg.T
	yes := func(b bool) string {
		if b {
			return t("web.yes")
		}
		return t("web.no")
	}
	m := cardPage{page: pg, ID: c.ID, Name: c.FullName(), KotoID: c.KotoID, AddressHidden: c.AddressHidden,
		Created: pg.Time(c.CreatedAt), Updated: pg.Time(c.UpdatedAt),
		CanEdit: a.Can(access.ClientUpdate), CanAccessLog: a.Can(access.AuditReadClient), CanRestriction: a.Can(access.RestrictionHistory),
		CanSensitive: a.Can(access.ClientReadSensitive)}
	m.HETU = hetuItem{Value: c.HETU, Reveal: c.HETU != "" && a.Can(access.ClientHETUReveal)}
	if revealed != "" {
		m.HETU = hetuItem{Value: revealed, Revealed: true}
	}
	m.Identity = []item{
		{t("field.birthDate"), pg.Date(c.BirthDate)},
		{t("field.sex"), t("sex." + string(c.Sex))},
		{t("field.firstNames"), c.FirstNames},
		{t("field.lastName"), c.LastName},
		{t("field.previousNames"), strings.Join(c.PreviousNames, ", ")},
		{t("field.birthPlace"), c.BirthPlace},
		{t("field.citizenships"), pg.CodeNames(codes.CountryList, c.Citizenships)},
		{t("field.stateless"), yes(c.Stateless)},
		{t("field.nationality"), c.Nationality},
		{t("field.arrivalDate"), pg.Date(c.ArrivalDate)},
		{t("field.municipalityRegistered"), pg.Date(c.MunicipalityRegistered)},
	}
	m.Language = []item{
		{t("field.motherTongue"), pg.CodeName(codes.LanguageList, c.MotherTongue)},
		{t("field.serviceLanguage"), pg.CodeName(codes.LanguageList, c.ServiceLanguage)},
		{t("field.interpreterNeeded"), yes(c.InterpreterNeeded)},
		{t("field.interpreterLanguage"), pg.CodeName(codes.LanguageList, c.InterpreterLanguage)},
	}
	m.Contact = []item{{t("field.homeMunicipality"), pg.CodeName(codes.MunicipalityList, c.HomeMunicipality)}}
	if !c.AddressHidden {
		m.Contact = append(m.Contact,
			item{t("field.address.street"), c.Address.Street},
			item{t("field.address.postalCode"), c.Address.PostalCode},
			item{t("field.address.postOffice"), c.Address.PostOffice},
			item{t("field.addressProtected"), yes(c.AddressProtected)})
	}
	m.Contact = append(m.Contact, item{t("field.phone"), c.Phone}, item{t("field.email"), c.Email})
	for _, p := range c.Permits {
		m.Permits = append(m.Permits, permitRow(pg, p))
	}
	m.service(pg, a, c)
	return m
}
