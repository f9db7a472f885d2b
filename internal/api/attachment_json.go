package api

import (
	"time"

	"koto/internal/attachment"
)

// attachmentJSON is an attachment's metadata on the wire (schema
// Attachment); the content is at contentUrl, only ever as a download.
type attachmentJSON struct {
	ID          string    `json:"id"`
	Category    string    `json:"category"`
	ConsentID   string    `json:"consentId,omitempty"`
	Title       string    `json:"title,omitempty"`
	Description string    `json:"description,omitempty"`
	ContentType string    `json:"contentType"`
	Size        int64     `json:"size"`
	FileName    string    `json:"fileName"`
	ContentURL  string    `json:"contentUrl"`
	RecordedBy  string    `json:"recordedBy"`
	CreatedAt   time.Time `json:"createdAt"`
}

// attachmentsJSON is the list of a client's attachments, newest first
// (schema Attachments).
type attachmentsJSON struct {
	Items []attachmentJSON `json:"items"`
}

func attachmentOut(a attachment.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Category: a.Category, ConsentID: a.ConsentID, Title: a.Title, Description: a.Description,
		ContentType: string(a.Type), Size: a.Size, FileName: a.FileName(),
		ContentURL: Prefix + "/clients/" + a.ClientID + "/attachments/" + a.ID + "/content", RecordedBy: a.Recorder,
		CreatedAt: a.CreatedAt.UTC()}
}
