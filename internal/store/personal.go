package store

import (
	"cmp"
	"encoding/binary"
	"encoding/json"
	"errors"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/crypto"
	"koto/internal/names"
)

// A client's identifying details are kept in two documents sealed with the
// client's data key (ADR 13), so that destroying the key erases them:
//
//   - clients.summary_enc (summaryDoc): the names and the birth date, what
//     lists, search results and the review queue show. It is read for many
//     clients at a time (a list in name order opens a whole organisation's),
//     so it is kept small.
//   - clients.details_enc (detailsDoc): the other personal fields, read
//     only with the card.
//
// Coded fields that lists, statistics and compensations query (sex,
// languages, citizenships, home municipality, flags, dates of arrival and
// registration) stay plain columns. The birth date is found through a
// keyed blind index (birth_date_bidx), names through the keyed name index
// (client_search_keys).

// summaryDoc is the sealed content of clients.summary_enc. It is encoded
// by hand (marshal), not as JSON like detailsDoc: a list in name order
// opens it for every client of the organisation, and decoding it as JSON
// was a third of that list's time.
type summaryDoc struct {
	FirstNames string
	LastName   string
	BirthDate  civil.Date
}

// summaryFormat is the first byte of an encoded summaryDoc; a new
// encoding gets a new byte.
const summaryFormat = 1

// marshal encodes d as summaryFormat followed by first names, last name
// and birth date (YYYY-MM-DD, or empty), each prefixed by its length as
// a uvarint.
func (d summaryDoc) marshal() []byte {
	born := d.BirthDate.String()
	b := make([]byte, 0, 1+3*binary.MaxVarintLen16+len(d.FirstNames)+len(d.LastName)+len(born))
	b = append(b, summaryFormat)
	for _, f := range []string{d.FirstNames, d.LastName, born} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return b
}

// unmarshal decodes what marshal encoded.
func (d *summaryDoc) unmarshal(b []byte) error {
	if len(b) == 0 || b[0] != summaryFormat {
		return errors.New("unknown summary format")
	}
	b = b[1:]
	var fields [3]string
	for i := range fields {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)-k) {
			return errors.New("truncated summary")
		}
		fields[i], b = string(b[k:k+int(n)]), b[k+int(n):]
	}
	d.FirstNames, d.LastName = fields[0], fields[1]
	d.BirthDate = civil.Date{}
	if fields[2] != "" {
		born, err := civil.ParseDate(fields[2])
		if err != nil {
			return err
		}
		d.BirthDate = born
	}
	return nil
}

// detailsDoc is the sealed content of clients.details_enc.
type detailsDoc struct {
	PreviousNames []string `json:"previousNames,omitempty"`
	BirthPlace    string   `json:"birthPlace,omitempty"`
	Street        string   `json:"street,omitempty"`
	PostalCode    string   `json:"postalCode,omitempty"`
	PostOffice    string   `json:"postOffice,omitempty"`
	Phone         string   `json:"phone,omitempty"`
	Email         string   `json:"email,omitempty"`
	Nationality   string   `json:"nationality,omitempty"`
}

func summaryAD(orgID, clientID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "clients", Column: "summary_enc", RowID: clientID}
}

func detailsAD(orgID, clientID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "clients", Column: "details_enc", RowID: clientID}
}

// sealPersonal seals the personal fields of d for client clientID.
func sealPersonal(fc *crypto.FieldCipher, orgID, clientID string, d *client.Details) (summary, details []byte, err error) {
	plain := summaryDoc{FirstNames: d.FirstNames, LastName: d.LastName, BirthDate: d.BirthDate}.marshal()
	summary, err = fc.Seal(plain, summaryAD(orgID, clientID))
	crypto.Wipe(plain)
	if err != nil {
		return nil, nil, apperr.Wrap(err, "seal summary")
	}
	details, err = sealJSON(fc, detailsAD(orgID, clientID), detailsDoc{PreviousNames: d.PreviousNames, BirthPlace: d.BirthPlace,
		Street: d.Address.Street, PostalCode: d.Address.PostalCode, PostOffice: d.Address.PostOffice, Phone: d.Phone, Email: d.Email,
		Nationality: d.Nationality})
	return summary, details, err
}

// openPersonal fills the personal fields of d from the client's sealed
// documents. A missing document leaves its fields empty.
func openPersonal(fc *crypto.FieldCipher, orgID, clientID string, summary, details []byte, d *client.Details) error {
	s, err := openSummaryDoc(fc, orgID, clientID, summary)
	if err != nil {
		return err
	}
	var x detailsDoc
	if err := openJSON(fc, detailsAD(orgID, clientID), details, &x); err != nil {
		return err
	}
	d.FirstNames, d.LastName, d.BirthDate = s.FirstNames, s.LastName, s.BirthDate
	d.PreviousNames, d.BirthPlace, d.Phone, d.Email = x.PreviousNames, x.BirthPlace, x.Phone, x.Email
	d.Nationality = x.Nationality
	d.Address = client.Address{Street: x.Street, PostalCode: x.PostalCode, PostOffice: x.PostOffice}
	return nil
}

// openSummaryDoc opens a client's sealed summary; nil gives an empty one.
func openSummaryDoc(fc *crypto.FieldCipher, orgID, clientID string, sealed []byte) (summaryDoc, error) {
	var d summaryDoc
	if sealed == nil {
		return d, nil
	}
	plain, err := fc.Open(sealed, summaryAD(orgID, clientID))
	if err != nil {
		return d, apperr.Wrap(err, "open summary")
	}
	defer crypto.Wipe(plain)
	err = d.unmarshal(plain)
	return d, apperr.Wrap(err, "decode summary")
}

func sealJSON(fc *crypto.FieldCipher, ad crypto.FieldAD, v any) ([]byte, error) {
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, apperr.Wrap(err, "encode %s", ad.Column)
	}
	defer crypto.Wipe(plain)
	sealed, err := fc.Seal(plain, ad)
	return sealed, apperr.Wrap(err, "seal %s", ad.Column)
}

// openJSON opens a document sealed by sealJSON into v; nil sealed leaves v
// as it is.
func openJSON(fc *crypto.FieldCipher, ad crypto.FieldAD, sealed []byte, v any) error {
	if sealed == nil {
		return nil
	}
	plain, err := fc.Open(sealed, ad)
	if err != nil {
		return apperr.Wrap(err, "open %s", ad.Column)
	}
	defer crypto.Wipe(plain)
	return apperr.Wrap(json.Unmarshal(plain, v), "decode %s", ad.Column)
}

// birthDateIndex is the keyed blind index of a birth date in an
// organisation, or nil (SQL NULL) for no date. A birth date has few
// possible values, so the index hides it only from those without the
// ring's blind-index key; within an organisation equal dates have equal
// indexes, which is what a search by birth date needs.
func (t *Tx) birthDateIndex(orgID string, d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return t.db.ring.BlindIndex(orgID, "birth_date", d.String())
}

// nameDigestLen is the length of a name-index key: a keyed digest cut to
// 16 bytes (ADR 13).
const nameDigestLen = 16

// nameDigests returns the keyed digests of name-search keys of orgID, in
// the order of keys.
func nameDigests(ring *crypto.MasterRing, orgID string, keys []string) [][]byte {
	b := ring.Blinder(orgID, "name")
	out := make([][]byte, len(keys))
	for i, k := range keys {
		out[i] = b.Sum(k, nameDigestLen)
	}
	return out
}

// NameIndexKeys returns the rows of the name index for a client of orgID
// with these names: the keyed digests of names.Keys.EqualityKeys. The
// store writes them; the baseline tool writes the same.
func NameIndexKeys(ring *crypto.MasterRing, orgID, firstNames, lastName string, previousNames []string) [][]byte {
	return nameDigests(ring, orgID, names.NewKeys(firstNames, lastName, previousNames).EqualityKeys())
}

// wrappedKey is a client's data key as stored in client_keys; wrapped is
// nil once the key is destroyed.
type wrappedKey struct {
	keyID, orgKeyID string
	wrapped         []byte
}

// The columns and tables of a client summary: summaryColumns FROM
// summaryFrom, scanned by scanSummary and opened by openSummary.
const (
	summaryColumns = `c.id, c.koto_id, c.summary_enc, c.home_municipality, c.updated_at, k.key_id, k.org_key_id, k.wrapped`
	summaryFrom    = `clients c JOIN client_keys k ON k.client_id = c.id`
)

// sealedSummary is a summary row before its names are opened.
type sealedSummary struct {
	s   client.Summary
	enc []byte
	key wrappedKey
}

func scanSummary(sc scanner) (sealedSummary, error) {
	var r sealedSummary
	err := sc.Scan(&r.s.ID, &r.s.KotoID, &r.enc, &r.s.HomeMunicipality, &r.s.UpdatedAt, &r.key.keyID, &r.key.orgKeyID, &r.key.wrapped)
	r.s.UpdatedAt = r.s.UpdatedAt.UTC()
	return r, err
}

// scanSealedName scans the id and the sealed summary of a client with its
// key (nameOrder): all that opening its name needs.
func scanSealedName(sc scanner) (sealedSummary, error) {
	var r sealedSummary
	return r, sc.Scan(&r.s.ID, &r.enc, &r.key.keyID, &r.key.orgKeyID, &r.key.wrapped)
}

// openSummary opens the names and birth date of a summary row. A client
// whose key is destroyed keeps an empty name: its data is erased.
func (t *Tx) openSummary(orgID string, r *sealedSummary) (client.Summary, error) {
	s := r.s
	if r.key.wrapped == nil || r.enc == nil {
		return s, nil
	}
	fc, err := t.unwrapClientKey(orgID, s.ID, r.key.keyID, r.key.orgKeyID, r.key.wrapped)
	if err != nil {
		return s, err
	}
	doc, err := openSummaryDoc(fc, orgID, s.ID, r.enc)
	if err != nil {
		return s, err
	}
	s.FirstNames, s.LastName, s.BirthDate = doc.FirstNames, doc.LastName, doc.BirthDate
	return s, nil
}

// openSummaries opens the summary rows read (after the rows are closed:
// opening may read the organisation key).
func (t *Tx) openSummaries(orgID string, sealed []sealedSummary) ([]client.Summary, error) {
	out := make([]client.Summary, len(sealed))
	for i := range sealed {
		var err error
		if out[i], err = t.openSummary(orgID, &sealed[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// byName orders summaries by last name, first names and id, byte-wise:
// the order of lists and search results.
func byName(a, b client.Summary) int {
	return cmp.Or(cmp.Compare(a.LastName, b.LastName), cmp.Compare(a.FirstNames, b.FirstNames), cmp.Compare(a.ID, b.ID))
}
