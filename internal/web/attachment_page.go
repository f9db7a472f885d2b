package web

import (
	"strconv"

	"koto/internal/access"
	"koto/internal/attachment"
)

// attachmentsPage is the model of a client's attachments: the list,
// newest first, with download links, and the upload form.
type attachmentsPage struct {
	page
	ID          string
	Attachments []attachmentRow
	CanUpload   bool
	Errors      formErrors
	Fields      []field // category, title, description
	ConsentID   string  // the consent the upload is linked to ("" for none)
	FileError   string
	MaxMiB      int64
}

// attachmentRow is one attachment as the page shows it: names, never
// codes; the download is a link to the content route.
type attachmentRow struct {
	ID, Category, Title, Description, Type, Size, Recorder, Created string
	ForConsent                                                      bool
	DownloadURL, FileName                                           string
}

func attachmentRowOf(pg page, clientID string, a attachment.Attachment) attachmentRow {
	return attachmentRow{ID: a.ID, Category: pg.T("attachment.category." + a.Category), Title: a.Title, Description: a.Description,
		Type: a.Type.Name(), Size: sizeText(pg, a.Size), Recorder: a.Recorder, Created: pg.Time(a.CreatedAt), ForConsent: a.ConsentID != "",
		DownloadURL: attachmentsPath(clientID) + "/" + a.ID + "/content", FileName: a.FileName()}
}

// sizeText is a size in kB (at least 1) for people.
func sizeText(pg page, n int64) string {
	return pg.T("attachments.size_kb", strconv.FormatInt(max(1, (n+1023)/1024), 10))
}

func attachmentsPath(clientID string) string { return "/clients/" + clientID + "/attachments" }

// attachmentsModel builds the page of as; in is the upload form as typed
// (empty on a first visit), errs its errors.
func attachmentsModel(pg page, act access.Actor, id string, as []attachment.Attachment, in attachment.Input, maxBytes int64, errs formErrors) attachmentsPage {
	m := attachmentsPage{page: pg, ID: id, CanUpload: act.Can(access.AttachmentCreate), Errors: errs, ConsentID: in.ConsentID,
		FileError: errs.of("file"), MaxMiB: attachment.MiB(maxBytes)}
	for _, a := range as {
		m.Attachments = append(m.Attachments, attachmentRowOf(pg, id, a))
	}
	b := builder{p: pg.p, errs: errs}
	if b.errs.labels != nil {
		b.errs.labels["file"] = pg.T("attachments.field.file")
	}
	desc := b.input("textarea", "description", "attachments.field.description", in.Description)
	m.Fields = []field{
		b.choice("category", "attachments.field.category", in.Category, "attachment.category.", attachment.Categories).required(),
		b.text("title", "attachments.field.title", in.Title),
		desc,
	}
	return m
}
