package client

import (
	"context"
	"fmt"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Permit returns the client (for its name and version) and one of its
// permits, for the permit form. Whoever may read the client; errors those
// of Get, and NotFound for a permit the client does not have.
func (s *Service) Permit(ctx context.Context, actor access.Actor, clientID, permitID string) (Client, Permit, error) {
	var c Client
	var p Permit
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientRead, ClientID: clientID, Touched: "permits"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			if c, err = tx.Client(actor.OrgID, clientID); err != nil {
				return err
			}
			c.hideAddressFrom(actor)
			for _, q := range c.Permits {
				if q.ID == permitID {
					p = q
					return nil
				}
			}
			return apperr.ErrNotFound()
		})
	if err != nil {
		return Client{}, Permit{}, err
	}
	return c, p, nil
}

// SavePermit adds p to the client's permits (p.ID "") or replaces the
// client's permit p.ID with it, as an Update with its change history:
// version, when not 0, must be the client's. Errors about the permit name
// its fields alone ("class", "validFrom"); others keep their names
// ("birthDate"). Who may call it and the errors are those of Update, and
// NotFound for a permit id the client does not have.
func (s *Service) SavePermit(ctx context.Context, actor access.Actor, clientID string, version int, p Permit) (Client, Permit, error) {
	index := -1
	c, err := s.Update(ctx, actor, clientID, version, func(d *Details, _ bool) error {
		if p.ID == "" {
			index = len(d.Permits)
			d.Permits = append(d.Permits, p)
			return nil
		}
		for i := range d.Permits {
			if d.Permits[i].ID == p.ID {
				index = i
				d.Permits[i] = p
				return nil
			}
		}
		return apperr.ErrNotFound()
	})
	if err != nil {
		return Client{}, Permit{}, permitFields(err, index)
	}
	return c, c.Permits[index], nil
}

// RemovePermit removes one of the client's permits, as an Update. Who may
// call it and the errors are those of SavePermit.
func (s *Service) RemovePermit(ctx context.Context, actor access.Actor, clientID string, version int, permitID string) error {
	_, err := s.Update(ctx, actor, clientID, version, func(d *Details, _ bool) error {
		for i := range d.Permits {
			if d.Permits[i].ID == permitID {
				d.Permits = append(d.Permits[:i], d.Permits[i+1:]...)
				return nil
			}
		}
		return apperr.ErrNotFound()
	})
	return err
}

// permitFields renames the errors of permits[index] to the permit's own
// field names.
func permitFields(err error, index int) error {
	ae, ok := apperr.As(err)
	if !ok || len(ae.Fields) == 0 || index < 0 {
		return err
	}
	prefix := fmt.Sprintf("permits[%d].", index)
	out := *ae
	out.Fields = make([]apperr.FieldError, len(ae.Fields))
	for i, f := range ae.Fields {
		f.Field = strings.TrimPrefix(f.Field, prefix)
		out.Fields[i] = f
	}
	return &out
}
