package web

import (
	"koto/internal/access"
	"koto/internal/handover"
	"koto/internal/org"
)

// transferFormPage is the form of a transfer request on a client.
type transferFormPage struct {
	page
	ID     string
	Errors formErrors
	Fields []field
}

// transferFormModel builds the form: the new home municipality, chosen by
// name among the municipalities in Koto.
func transferFormModel(pg page, id string, towns []org.Org, to string, errs formErrors) transferFormPage {
	b := builder{p: pg.p, errs: errs}
	f := b.input("select", "to", "moves.field.to", to).required()
	f.Options = append(f.Options, option{Value: "", Label: pg.T("web.choose"), Selected: to == ""})
	for _, o := range towns {
		f.Options = append(f.Options, option{Value: o.Code, Label: o.Name, Selected: o.Code == to})
	}
	return transferFormPage{page: pg, ID: id, Errors: errs, Fields: []field{f}}
}

// transfersPage lists the organisation's transfer requests.
type transfersPage struct {
	page
	Incoming, Outgoing []transferRow
	Reasons            []option
}

// transferRow is one request as the page shows it: names, never codes.
type transferRow struct {
	ID, From, To, Status, Requested, Decided, Reason string
	Open                                             bool // incoming and still open: the decision forms
	CanDecide                                        bool
	ClientURL                                        string // the own client (outgoing) or the new one (accepted incoming)
}

func transfersModel(pg page, act access.Actor, ts []handover.Transfer) transfersPage {
	m := transfersPage{page: pg}
	for _, code := range handover.RefusalReasons {
		m.Reasons = append(m.Reasons, option{Value: code, Label: pg.T("moves.refusal." + code)})
	}
	for _, t := range ts {
		row := transferRow{ID: t.ID, From: t.FromName, To: t.ToName, Status: pg.T("moves.status." + string(t.Status)),
			Requested: pg.Time(t.RequestedAt)}
		if !t.DecidedAt.IsZero() {
			row.Decided = pg.Time(t.DecidedAt)
		}
		if t.RefusalReason != "" {
			row.Reason = pg.T("moves.refusal." + t.RefusalReason)
		}
		if t.Incoming(act.OrgID) {
			row.Open = t.Status == handover.Requested
			row.CanDecide = act.Can(access.TransferDecide)
			if t.NewClientID != "" {
				row.ClientURL = "/clients/" + t.NewClientID
			}
			m.Incoming = append(m.Incoming, row)
			continue
		}
		row.ClientURL = "/clients/" + t.ClientID
		m.Outgoing = append(m.Outgoing, row)
	}
	return m
}
