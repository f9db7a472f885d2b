package web

import (
	"koto/internal/disclosure"
)

// disclosurePreviewPage is the model of the preview of a provider package:
// the 18 items as they would be disclosed ("no data" for the empty ones),
// the three free-text items as fields, and the button that records it.
type disclosurePreviewPage struct {
	page
	ID, ReferralID, Recipient, Provider string
	Items                               []disclosure.Shown
	Free                                []field // items 16–18
	Errors                              formErrors
}

// disclosureRow is one entry of a client's disclosure log.
type disclosureRow struct {
	ID, At, Kind, Recipient, Basis, User, Hash string
	Items                                      []string // the items' names
	URL                                        string
}

// disclosuresPage is the model of a client's disclosure log.
type disclosuresPage struct {
	page
	ID   string
	Rows []disclosureRow
}

// disclosurePage is the model of one recorded disclosure with its content.
type disclosurePage struct {
	page
	ID    string
	Row   disclosureRow
	Items []disclosure.Shown
}

// receivedPage is the model of a provider's inbox.
type receivedPage struct {
	page
	Rows []receivedRow
}

type receivedRow struct {
	ID, At, From, Client, URL string
}

// receivedPackagePage is the model of one package as its recipient reads it.
type receivedPackagePage struct {
	page
	PackageID, At, From, Hash string
	Items                     []disclosure.Shown
}

// disclosureRowOf shows e with names, never codes.
func disclosureRowOf(pg page, clientID string, e disclosure.Entry) disclosureRow {
	row := disclosureRow{ID: e.ID, At: pg.Time(e.CreatedAt), Kind: pg.T("disclosure.kind." + e.Kind), Recipient: e.RecipientName,
		Basis: pg.T("disclosure.basis." + e.Basis), User: e.UserName, Hash: e.ContentHash,
		URL: "/clients/" + clientID + "/disclosures/" + e.ID}
	if e.BasisDetail != "" {
		row.Basis += " (" + e.BasisDetail + ")"
	}
	for _, k := range e.Items {
		if disclosure.IsItemKey(k) {
			row.Items = append(row.Items, pg.T("disclosures.item."+k))
		} else {
			row.Items = append(row.Items, k)
		}
	}
	return row
}
