package client

import (
	"context"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/gate"
)

// TouchedCard is what opening the card touches: the card with the HETU
// masked (MaskHETU), the permits, the responsible caseworkers and the
// team. The
// full HETU is a use of its own (RevealHETU).
const TouchedCard = "card:hetu_masked,permits,assignments,team"

// MaskHETU hides the individual number and the check character of a
// HETU, keeping the birth date and the century sign, which the card
// shows anyway as the birth date: "010190-****". A caseworker recognises
// the person by name and birth date; the full code is needed only to
// give it to someone, and that is a logged reveal. "" stays "".
func MaskHETU(h string) string {
	if len(h) <= 7 {
		return h
	}
	return h[:7] + "****"
}

// RevealHETU returns a client's full HETU for the card that shows it
// masked: a use of its own, logged as client.hetu_reveal with touched
// "hetu". Whoever may open the card (supervisors of the organisation,
// caseworkers with need-to-know). Errors: those of Get; a client without
// a HETU answers "".
func (s *Service) RevealHETU(ctx context.Context, actor access.Actor, id string) (string, error) {
	var h string
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientHETUReveal, ClientID: id, Touched: "hetu"},
		func(tx Tx, _ *audit.Entry) error {
			c, err := tx.Client(actor.OrgID, id)
			h = c.HETU
			return err
		})
	return answer(h, err)
}
