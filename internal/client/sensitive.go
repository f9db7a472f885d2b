package client

import (
	"context"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
)

// Sensitive is the special-category part of a client (73 § 8): health and
// work and functional capacity data that affect integration and are
// necessary for services. It is stored encrypted with the client's key and
// shown only with client.read_sensitive and a need-to-know relation.
type Sensitive struct {
	Health       string // health information relevant to services
	WorkAbility  string // work ability (työkyky)
	FunctionalAb string // functional capacity (toimintakyky)
	UpdatedAt    time.Time
	UpdatedBy    string
	Version      int // 0 when nothing is recorded yet
}

// Purposes for which special-category data may be viewed; each view is
// logged with its purpose.
var Purposes = []string{"assessment", "integration_plan", "service_referral", "client_meeting", "other"}

const maxSensitiveText = 4000

// GetSensitive shows the special-category data for purpose.
func (s *Service) GetSensitive(ctx context.Context, actor access.Actor, id, purpose string) (Sensitive, error) {
	var out Sensitive
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if err := s.authorize(tx, actor, access.ClientReadSensitive, id); err != nil {
			return err
		}
		if !validPurpose(purpose) {
			return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: []apperr.FieldError{{Field: "purpose", Key: "validation.choice"}}}
		}
		var err error
		if out, err = tx.Sensitive(actor.OrgID, id); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientReadSensitive, id, "sensitive,purpose:"+purpose, audit.Allowed, tx.Now()))
	})
	if err != nil {
		return Sensitive{}, s.refused(ctx, actor, access.ClientReadSensitive, id, "sensitive,purpose:"+purpose, err)
	}
	return out, nil
}

// SaveSensitive records special-category data (optimistic locking by version).
func (s *Service) SaveSensitive(ctx context.Context, actor access.Actor, id string, in Sensitive) (Sensitive, error) {
	in.Health, in.WorkAbility, in.FunctionalAb = strings.TrimSpace(in.Health), strings.TrimSpace(in.WorkAbility), strings.TrimSpace(in.FunctionalAb)
	var v apperr.Validation
	optionalText(&v, "health", in.Health, maxSensitiveText)
	optionalText(&v, "workAbility", in.WorkAbility, maxSensitiveText)
	optionalText(&v, "functionalAbility", in.FunctionalAb, maxSensitiveText)
	if err := v.Err(); err != nil {
		return Sensitive{}, err
	}
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if err := s.authorize(tx, actor, access.ClientUpdateSensitive, id); err != nil {
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
		if err := tx.SaveSensitive(actor.OrgID, id, in); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientUpdateSensitive, id, "sensitive", audit.Allowed, tx.Now()))
	})
	if err != nil {
		return Sensitive{}, s.refused(ctx, actor, access.ClientUpdateSensitive, id, "sensitive", err)
	}
	return in, nil
}

func validPurpose(p string) bool {
	for _, k := range Purposes {
		if k == p {
			return true
		}
	}
	return false
}

// CheckSensitive tells whether the actor may see the client's
// special-category data, without showing any (the step where the purpose
// is asked). Refusals are logged like any other.
func (s *Service) CheckSensitive(ctx context.Context, actor access.Actor, id string) error {
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		return s.authorize(tx, actor, access.ClientReadSensitive, id)
	})
	if err != nil {
		return s.refused(ctx, actor, access.ClientReadSensitive, id, "sensitive", err)
	}
	return nil
}
