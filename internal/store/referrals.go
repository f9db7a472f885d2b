package store

import (
	"strconv"
	"time"

	"koto/internal/apperr"
	"koto/internal/crypto"
	"koto/internal/referral"
	"koto/internal/services"
)

// Referrals returns the store as the referral capability's gate store.
func (db *DB) Referrals() referral.Store { return gated[referral.Tx]{db} }

// *Tx serves the referral capability's transactions.
var _ referral.Tx = (*Tx)(nil)

// Providers lists the organisations of kind provider by name. They are
// every organisation's to refer to: organisations carry no org_id.
func (t *Tx) Providers() ([]referral.Provider, error) {
	return collect(t, "providers", scanProvider, `SELECT id, code, name FROM organisations WHERE kind = 'provider' ORDER BY name, code`)
}

// ProviderByCode returns the provider organisation with code; NotFound
// when there is none or the organisation is not a provider.
func (t *Tx) ProviderByCode(code string) (referral.Provider, error) {
	p, err := scanProvider(t.queryRow(`SELECT id, code, name FROM organisations WHERE code = ? AND kind = 'provider'`, code))
	return p, notFound(err, "provider by code")
}

func scanProvider(sc scanner) (referral.Provider, error) {
	var p referral.Provider
	return p, sc.Scan(&p.ID, &p.Code, &p.Name)
}

// OwnServices lists the organisation's own services by code.
func (t *Tx) OwnServices(orgID string) ([]services.Kind, error) {
	return collect(t, "own services", func(sc scanner) (services.Kind, error) {
		var s services.Kind
		var fi, sv, en string
		err := sc.Scan(&s.Code, &fi, &sv, &en)
		s.Names = map[string]string{"fi": fi, "sv": sv, "en": en}
		return s, err
	}, `SELECT code, name_fi, name_sv, name_en FROM referral_services WHERE org_id = ? ORDER BY code`, orgID)
}

// InsertOwnService adds a service to the organisation's catalogue; a
// taken code is Conflict on the field code.
func (t *Tx) InsertOwnService(orgID string, s services.Kind, at time.Time, by string) error {
	_, err := t.exec(`INSERT INTO referral_services (org_id, code, name_fi, name_sv, name_en, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, orgID, s.Code, s.Names["fi"], s.Names["sv"], s.Names["en"], at, by)
	if isUniqueViolation(err) {
		return apperr.OnField(apperr.Conflict, "referral.service_taken", "code")
	}
	return apperr.Wrap(err, "insert service")
}

// insertReferralSQL and insertReferralEventSQL store the rows that
// referralRow and referralEventRow build, for the single and the bulk
// path alike.
const (
	insertReferralSQL = `INSERT INTO referrals (id, org_id, client_id, provider_id, service_code, status, status_date, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertReferralEventSQL = `INSERT INTO referral_events (referral_id, seq, org_id, client_id, status, event_date, reason_enc, recorded_at, recorded_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

func referralRow(orgID string, r *referral.Referral) []any {
	return []any{r.ID, orgID, r.ClientID, r.ProviderID, r.Service, string(r.Status), r.Date, r.CreatedAt, r.CreatedBy}
}

// InsertReferral stores r and its first event.
func (t *Tx) InsertReferral(orgID string, r *referral.Referral) error {
	_, err := t.exec(insertReferralSQL, referralRow(orgID, r)...)
	if err != nil {
		return apperr.Wrap(err, "insert referral")
	}
	if err := t.insertReferralEvent(orgID, r.ClientID, r.ID, 0, r.Events[0]); err != nil {
		return err
	}
	return t.markDue(orgID, r.ClientID)
}

// InsertReferrals stores many referrals with all their events, each
// referral's status that of its last event (the bulk path, ADR 28): the
// rows are built by referralRow and referralEventRow like the single
// path's, the reasons sealed with each client's key on every core, and
// written in order by this transaction.
func (t *Tx) InsertReferrals(orgID string, rs []referral.Referral) error {
	ciphers := map[string]*crypto.FieldCipher{}
	for _, r := range rs {
		if ciphers[r.ClientID] != nil {
			continue
		}
		fc, err := t.clientCipher(orgID, r.ClientID)
		if err != nil {
			return err
		}
		ciphers[r.ClientID] = fc
	}
	events := make([][][]any, len(rs))
	err := sealRows(len(rs), func(i int) error {
		r := &rs[i]
		for seq, ev := range r.Events {
			row, err := referralEventRow(ciphers[r.ClientID], orgID, r.ClientID, r.ID, seq, ev)
			if err != nil {
				return err
			}
			events[i] = append(events[i], row)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range rs {
		if _, err := t.exec(insertReferralSQL, referralRow(orgID, &rs[i])...); err != nil {
			return apperr.Wrap(err, "insert referral")
		}
		for _, row := range events[i] {
			if _, err := t.exec(insertReferralEventSQL, row...); err != nil {
				return apperr.Wrap(err, "insert referral event")
			}
		}
	}
	return nil
}

// InsertReferralEvent appends ev as event seq of the client's referral
// and makes its status the referral's. Two steps recorded at once collide
// on the primary key: Conflict.
func (t *Tx) InsertReferralEvent(orgID, clientID, referralID string, seq int, ev referral.Event) error {
	if err := t.insertReferralEvent(orgID, clientID, referralID, seq, ev); err != nil {
		return err
	}
	_, err := t.exec(`UPDATE referrals SET status = ?, status_date = ? WHERE id = ? AND org_id = ? AND client_id = ?`,
		string(ev.Status), ev.Date, referralID, orgID, clientID)
	if err != nil {
		return apperr.Wrap(err, "update referral status")
	}
	return t.markDue(orgID, clientID)
}

func referralReasonAD(orgID, referralID string, seq int) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "referral_events", Column: "reason_enc", RowID: referralID + ":" + strconv.Itoa(seq)}
}

func (t *Tx) insertReferralEvent(orgID, clientID, referralID string, seq int, ev referral.Event) error {
	var fc *crypto.FieldCipher
	if ev.Reason != "" {
		var err error
		if fc, err = t.clientCipher(orgID, clientID); err != nil {
			return err
		}
	}
	row, err := referralEventRow(fc, orgID, clientID, referralID, seq, ev)
	if err != nil {
		return err
	}
	_, err = t.exec(insertReferralEventSQL, row...)
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "referral.step_conflict")
	}
	return apperr.Wrap(err, "insert referral event")
}

// referralEventRow builds event seq of a referral for
// insertReferralEventSQL, its reason sealed with fc, the client's cipher
// (needed only when there is a reason).
func referralEventRow(fc *crypto.FieldCipher, orgID, clientID, referralID string, seq int, ev referral.Event) ([]any, error) {
	var enc []byte
	if ev.Reason != "" {
		var err error
		if enc, err = fc.Seal([]byte(ev.Reason), referralReasonAD(orgID, referralID, seq)); err != nil {
			return nil, apperr.Wrap(err, "seal referral reason")
		}
	}
	return []any{referralID, seq, orgID, clientID, string(ev.Status), ev.Date, enc, ev.At, ev.By}, nil
}

const referralColumns = `r.id, r.client_id, r.provider_id, o.code, o.name, r.service_code, r.status, r.status_date, r.created_at, r.created_by`

func scanReferral(sc scanner) (referral.Referral, error) {
	var r referral.Referral
	var status string
	err := sc.Scan(&r.ID, &r.ClientID, &r.ProviderID, &r.ProviderCode, &r.ProviderName, &r.Service, &status, &r.Date, &r.CreatedAt, &r.CreatedBy)
	r.Status, r.CreatedAt = referral.Status(status), r.CreatedAt.UTC()
	return r, err
}

// Referral loads one of the client's referrals with its events; NotFound
// when the client has none with that id (another client's is missing).
func (t *Tx) Referral(orgID, clientID, referralID string) (referral.Referral, error) {
	r, err := scanReferral(t.queryRow(`SELECT `+referralColumns+` FROM referrals r JOIN organisations o ON o.id = r.provider_id
		WHERE r.id = ? AND r.org_id = ? AND r.client_id = ?`, referralID, orgID, clientID))
	if err != nil {
		return r, notFound(err, "referral")
	}
	rs := []referral.Referral{r}
	if err := t.referralEvents(orgID, clientID, rs); err != nil {
		return r, err
	}
	return rs[0], nil
}

// ReferralsStatement and ReferralEventsStatement read a client's
// referrals and their events (org, client); exported for kotobaseline.
const (
	ReferralsStatement = `SELECT ` + referralColumns + ` FROM referrals r JOIN organisations o ON o.id = r.provider_id
		WHERE r.org_id = ? AND r.client_id = ? ORDER BY r.created_at DESC, r.status_date DESC, r.id`
	ReferralEventsStatement = `SELECT referral_id, seq, status, event_date, reason_enc, recorded_at, recorded_by FROM referral_events
		WHERE org_id = ? AND client_id = ? ORDER BY referral_id, seq`
)

// Referrals lists the client's referrals, newest first, with events.
//
// Referrals recorded in the same instant (a bulk load) come in the order
// of their latest event, newest first.
func (t *Tx) Referrals(orgID, clientID string) ([]referral.Referral, error) {
	rs, err := collect(t, "referrals", scanReferral, ReferralsStatement, orgID, clientID)
	if err != nil {
		return nil, err
	}
	return rs, t.referralEvents(orgID, clientID, rs)
}

// referralEvents fills the events of the client's referrals rs.
func (t *Tx) referralEvents(orgID, clientID string, rs []referral.Referral) error {
	if len(rs) == 0 {
		return nil
	}
	type row struct {
		referralID string
		seq        int
		ev         referral.Event
		enc        []byte
	}
	rows, err := collect(t, "referral events", func(sc scanner) (row, error) {
		var r row
		var status string
		err := sc.Scan(&r.referralID, &r.seq, &status, &r.ev.Date, &r.enc, &r.ev.At, &r.ev.By)
		r.ev.Status, r.ev.At = referral.Status(status), r.ev.At.UTC()
		return r, err
	}, ReferralEventsStatement, orgID, clientID)
	if err != nil {
		return err
	}
	index := map[string]int{}
	for i, r := range rs {
		index[r.ID] = i
	}
	var fc *crypto.FieldCipher
	for _, r := range rows {
		i, ok := index[r.referralID]
		if !ok {
			continue
		}
		if r.enc != nil {
			if fc == nil {
				if fc, err = t.clientCipher(orgID, clientID); err != nil {
					return err
				}
			}
			plain, err := fc.Open(r.enc, referralReasonAD(orgID, r.referralID, r.seq))
			if err != nil {
				return apperr.Wrap(err, "open referral reason")
			}
			r.ev.Reason = string(plain)
		}
		rs[i].Events = append(rs[i].Events, r.ev)
	}
	return nil
}

// ReferralsByProvider lists the organisation's referrals to a provider
// (status "" for all), newest first, at most limit, with the clients'
// names (opened with each client's key; an erased client's stays empty).
func (t *Tx) ReferralsByProvider(orgID, providerID string, status referral.Status, limit int) ([]referral.Referral, error) {
	type row struct {
		r referral.Referral
		s sealedSummary
	}
	q := `SELECT ` + referralColumns + `, c.summary_enc, k.key_id, k.org_key_id, k.wrapped FROM referrals r
		JOIN organisations o ON o.id = r.provider_id
		JOIN clients c ON c.id = r.client_id AND c.org_id = r.org_id
		JOIN client_keys k ON k.client_id = c.id AND k.org_id = c.org_id
		WHERE r.org_id = ? AND r.provider_id = ?`
	args := []any{orgID, providerID}
	if status != "" {
		q += ` AND r.status = ?`
		args = append(args, string(status))
	}
	q += ` ORDER BY r.created_at DESC, r.id LIMIT ?`
	args = append(args, limit)
	rows, err := collect(t, "referrals by provider", func(sc scanner) (row, error) {
		var x row
		var st string
		err := sc.Scan(&x.r.ID, &x.r.ClientID, &x.r.ProviderID, &x.r.ProviderCode, &x.r.ProviderName, &x.r.Service, &st, &x.r.Date,
			&x.r.CreatedAt, &x.r.CreatedBy, &x.s.enc, &x.s.key.keyID, &x.s.key.orgKeyID, &x.s.key.wrapped)
		x.r.Status, x.r.CreatedAt, x.s.s.ID = referral.Status(st), x.r.CreatedAt.UTC(), x.r.ClientID
		return x, err
	}, q, args...)
	if err != nil {
		return nil, err
	}
	out := make([]referral.Referral, len(rows))
	for i := range rows {
		sum, err := t.openSummary(orgID, &rows[i].s)
		if err != nil {
			return nil, err
		}
		out[i] = rows[i].r
		if sum.LastName != "" || sum.FirstNames != "" {
			out[i].ClientName = sum.FullName()
		}
	}
	return out, nil
}
