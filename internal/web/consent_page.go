package web

import (
	"strconv"
	"time"

	"koto/internal/access"
	"koto/internal/attachment"
	"koto/internal/civil"
	"koto/internal/consent"
)

// consentsPage is the model of a client's consents: the list, newest
// first, and the form of a new consent with the texts the client agrees
// to.
type consentsPage struct {
	page
	ID          string
	Consents    []consentRow
	CanGive     bool
	Errors      formErrors
	Fields      []field // the new consent's form
	TextVersion string
	Texts       []consentText // the current texts, by type
	// SignedForm is the optional file input of the signed consent form,
	// shown when the user may upload attachments.
	SignedForm *field
	MaxMiB     int64
}

// consentRow is one consent as the page shows it: names, never codes.
type consentRow struct {
	ID, Type, Scope, TextVersion, Given, Channel, Recorder string
	Active                                                 bool
	Withdrawn                                              bool
	WithdrawnOn, WithdrawnChannel, WithdrawnBy             string
	WithdrawURL                                            string // "" when the user may not withdraw it
	AttachURL                                              string // "" when the user may not upload its form
	Forms                                                  []link // downloads of its signed forms
}

// link is a link with its text.
type link struct{ URL, Label string }

type consentText struct{ Type, Text string }

// consentRowOf shows c with links to its signed forms; mayWithdraw adds
// the link to withdraw it, mayAttach the one to upload its signed form.
func consentRowOf(pg page, clientID string, c consent.Consent, today civil.Date, mayWithdraw, mayAttach bool) consentRow {
	row := consentRow{ID: c.ID, Type: pg.T("consent.type." + c.Type), Scope: c.Scope, TextVersion: c.TextVersion,
		Given: pg.Date(c.Given), Channel: channelName(pg, c.Channel), Recorder: c.Recorder, Active: c.ActiveOn(today)}
	if w := c.Withdrawal; w != nil {
		row.Withdrawn, row.WithdrawnOn, row.WithdrawnChannel, row.WithdrawnBy = true, pg.Date(w.Date), channelName(pg, w.Channel), w.Recorder
	} else if mayWithdraw {
		row.WithdrawURL = "/clients/" + clientID + "/consents/" + c.ID + "/withdraw"
	}
	for i, f := range c.Forms {
		label := pg.T("attachment.category.signed-consent")
		if len(c.Forms) > 1 {
			label += " " + strconv.Itoa(i+1)
		}
		row.Forms = append(row.Forms, link{URL: attachmentsPath(clientID) + "/" + f + "/content", Label: label})
	}
	if mayAttach {
		row.AttachURL = attachmentsPath(clientID) + "?consent=" + c.ID
	}
	return row
}

// channelName is the name of a channel, or "not recorded".
func channelName(pg page, code string) string {
	if code == "" {
		return pg.T("consents.channel_none")
	}
	return pg.T("consent.channel." + code)
}

// consentsModel builds the page of cs; in is the new consent's form as
// typed (empty on a first visit), errs its errors; maxBytes is the size
// limit of the signed form that may come with it.
func consentsModel(pg page, act access.Actor, id string, cs []consent.Consent, in consent.Input, maxBytes int64, errs formErrors) consentsPage {
	m := consentsPage{page: pg, ID: id, CanGive: act.Can(access.ConsentGive), Errors: errs, TextVersion: consent.CurrentVersion()}
	today := civil.DateOf(time.Now().In(civil.Helsinki))
	for _, c := range cs {
		m.Consents = append(m.Consents, consentRowOf(pg, id, c, today, act.Can(access.ConsentWithdraw), act.Can(access.AttachmentCreate)))
	}
	for _, t := range consent.Types {
		m.Texts = append(m.Texts, consentText{Type: pg.T("consent.type." + t), Text: consent.Wording(m.TextVersion, t, pg.Lang)})
	}
	b := builder{p: pg.p, errs: errs}
	m.Fields = []field{
		b.choice("type", "consents.field.type", in.Type, "consent.type.", consent.Types).required(),
		b.text("scope", "consents.field.scope", in.Scope).withHint(pg.T("consents.field.scope_hint")),
		b.date("given", "consents.field.given", in.Given).required(),
		b.choice("channel", "consents.field.channel", in.Channel, "consent.channel.", consent.Channels).required(),
	}
	if act.Can(access.AttachmentCreate) {
		f := b.input("file", "signedForm", "attachments.consent.forms", "").
			withHint(pg.T("attachments.consent.signed_form_hint", attachment.MiB(maxBytes)))
		m.SignedForm = &f
	}
	return m
}
