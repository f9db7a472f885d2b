package web

import (
	"slices"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/authority"
)

// authorityPage is the model of a client's data requests from
// authorities ("Tietopyynnöt"): the list with each request's status, the
// decide form of open requests for those who decide, the download links
// of approved ones, and the form of a new request.
type authorityPage struct {
	page
	ID          string
	Requests    []requestRow
	CanRegister bool
	Errors      formErrors
	Fields      []field // the new request's form
	Items       []field // its checkboxes of the parts requested
}

// requestRow is one request as the page shows it: names, never codes.
type requestRow struct {
	ID, Requester, Provision, Received, Channel, Status, StatusCode, Registered string
	Items                                                                       []string
	Decided, Reason, DisclosureID, DisclosureHash                               string
	JSONURL, PDFURL                                                             string // "" when the user may not download
	// Decide is the decide form; nil when the request is decided or the
	// user may not decide it. OwnRequest: the user registered it, so
	// another supervisor decides.
	Decide     *decideForm
	OwnRequest bool
}

// decideForm is the form of a decision on one request.
type decideForm struct {
	Action string
	Fields []field
}

// authorityModel builds the page of rs; in is the new request's form as
// typed, errs its errors; decideID names the request whose decision form
// comes back with dec and decErrs.
func authorityModel(pg page, act access.Actor, id string, rs []authority.Request, in authority.Input, errs formErrors,
	decideID string, dec authority.DecisionInput, decErrs formErrors) authorityPage {
	m := authorityPage{page: pg, ID: id, CanRegister: act.Can(access.DisclosureAuthorityRequest), Errors: errs}
	if decideID != "" {
		// The decide forms' fields carry the request's id (one form per
		// open request), so the summary links to that form's fields.
		for i := range decErrs.items {
			decErrs.items[i].Href = "#" + fieldID(decErrs.items[i].field) + "-" + decideID
		}
		m.Errors = decErrs
	}
	mayDecide := act.Can(access.DisclosureAuthorityDecide)
	for _, r := range rs {
		row := requestRow{ID: r.ID, Requester: r.Requester, Provision: r.Provision, Received: pg.Date(r.Received),
			Channel: pg.T("authority.channel." + r.Channel), Status: pg.T("authority.status." + r.Status()), StatusCode: r.Status(),
			Registered: pg.T("authority.event", pg.Time(r.CreatedAt), r.Registrar)}
		for _, it := range r.Items {
			row.Items = append(row.Items, pg.T("authority.item."+it))
		}
		base := "/clients/" + id + "/disclosure-requests/" + r.ID
		if d := r.Decision; d != nil {
			row.Decided, row.Reason, row.DisclosureID = pg.T("authority.event", pg.Time(d.CreatedAt), d.Decider), d.Reason, d.DisclosureID
			if d.DisclosureID != "" && mayDecide {
				row.JSONURL, row.PDFURL = base+"/disclosure.json", base+"/disclosure.pdf"
			}
		} else if mayDecide {
			if r.RegisteredBy == act.UserID {
				row.OwnRequest = true
			} else {
				in := authority.DecisionInput{}
				e := formErrors{}
				if r.ID == decideID {
					in, e = dec, decErrs
				}
				b := builder{p: pg.p, errs: e}
				decision := b.choice("decision", "authority.field.decision", in.Decision, "authority.decision.", []string{authority.Approve, authority.Refuse}).required()
				reason := b.input("textarea", "reason", "authority.field.reason", in.Reason).withHint(pg.T("authority.field.reason_hint"))
				decision.ID, reason.ID = "f-decision-"+r.ID, "f-reason-"+r.ID
				row.Decide = &decideForm{Action: base + "/decision", Fields: []field{decision, reason}}
			}
		}
		m.Requests = append(m.Requests, row)
	}
	b := builder{p: pg.p, errs: errs}
	m.Fields = []field{
		b.text("requester", "authority.field.requester", in.Requester).required().withHint(pg.T("authority.field.requester_hint")),
		b.text("provision", "authority.field.provision", in.Provision).required().withHint(pg.T("authority.field.provision_hint")),
		b.date("received", "authority.field.received", in.Received).required(),
		b.choice("channel", "authority.field.channel", in.Channel, "authority.channel.", authority.Channels).required(),
	}
	for _, it := range authority.Items {
		f := b.checkbox("item-"+it, "authority.item."+it, slices.Contains(in.Items, it))
		m.Items = append(m.Items, f)
	}
	return m
}

// decideRefusal is the message of a refusal the decide form shows at its
// field: a decision by the registrar, or on a decided request.
func decideRefusal(pg page, err error) (string, bool) {
	ae, ok := apperr.As(err)
	if !ok || (ae.Kind != apperr.Forbidden && ae.Kind != apperr.Conflict) || ae.Key == "" || ae.Key == "error.forbidden" {
		return "", false
	}
	return pg.T(ae.Key), true
}
