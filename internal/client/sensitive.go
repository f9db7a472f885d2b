package client

import (
	"context"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Sensitive is the special-category part of a client (73 § 8): health and
// work and functional capacity data that affect integration and are
// necessary for services. It is stored encrypted with the client's key,
// in versions (a save adds one; earlier ones are kept), and used only with
// a need-to-know relation and a stated purpose.
type Sensitive struct {
	Health            string // health information relevant to services
	WorkAbility       string // work ability (työkyky)
	FunctionalAbility string // functional capacity (toimintakyky)
	UpdatedAt         time.Time
	UpdatedBy         string
	// Version counts the saves: 0 when nothing is recorded yet; the
	// Version-1 earlier versions are kept.
	Version int
}

// SensitiveTx is what special-category data needs inside a transaction.
type SensitiveTx interface {
	// Sensitive loads the newest version (Version 0 when none).
	Sensitive(orgID, clientID string) (Sensitive, error)
	// InsertSensitiveVersion stores data as version data.Version, keeping
	// every earlier version.
	InsertSensitiveVersion(orgID, clientID, purpose string, data Sensitive) error
}

// Purposes for which special-category data may be used (access.Purposes).
var Purposes = access.Purposes

const maxSensitiveText = 4000

// GetSensitive shows the special-category data for purpose. Caseworkers
// and supervisors with a need-to-know relation (client.read_sensitive);
// the log entry records the purpose. Errors: those of Get, and
// gate.ErrPurposeRequired (Invalid on "purpose") when purpose is not one
// of Purposes — after authorization, so it also tells that the client
// may be opened.
func (s *Service) GetSensitive(ctx context.Context, actor access.Actor, id, purpose string) (Sensitive, error) {
	var out Sensitive
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientReadSensitive, ClientID: id, Touched: "sensitive", Purpose: purpose},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			out, err = tx.Sensitive(actor.OrgID, id)
			return err
		})
	return answer(out, err)
}

// SaveSensitive records a new version of the special-category data for
// purpose; in.Version must be the version read (optimistic locking).
// Who may call it: client.update_sensitive with need-to-know. Errors:
// those of GetSensitive, Invalid, Conflict (version).
func (s *Service) SaveSensitive(ctx context.Context, actor access.Actor, id, purpose string, in Sensitive) (Sensitive, error) {
	in.Health, in.WorkAbility, in.FunctionalAbility = strings.TrimSpace(in.Health), strings.TrimSpace(in.WorkAbility), strings.TrimSpace(in.FunctionalAbility)
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientUpdateSensitive, ClientID: id, Touched: "sensitive", Purpose: purpose},
		func(tx Tx, _ *audit.Entry) error {
			var v apperr.Validation
			optionalText(&v, "health", in.Health, maxSensitiveText)
			optionalText(&v, "workAbility", in.WorkAbility, maxSensitiveText)
			optionalText(&v, "functionalAbility", in.FunctionalAbility, maxSensitiveText)
			if err := v.Err(); err != nil {
				return err
			}
			old, err := tx.Sensitive(actor.OrgID, id)
			if err != nil {
				return err
			}
			if in.Version != old.Version {
				return apperr.New(apperr.Conflict, "client.version_conflict")
			}
			in.UpdatedAt, in.UpdatedBy, in.Version = tx.Now(), actor.UserID, old.Version+1
			return tx.InsertSensitiveVersion(actor.OrgID, id, purpose, in)
		})
	if err != nil {
		return Sensitive{}, err
	}
	return in, nil
}
