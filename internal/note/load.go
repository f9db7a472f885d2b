package note

import (
	"context"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Loaded is one note of a bulk load: the note as a caller would give it
// to Create, and the texts of the amendments Amend would add to it.
type Loaded struct {
	ClientID   string
	Input      Input
	Amendments []string
}

// Load writes many clients' notes in one transaction: the bulk path of
// the demo loader (ADR 28). Only an actor allowed demo.load (the system
// actor of the CLI) may call it; author is the organisation's user in
// whose name the notes are written, as Create would write them. Every
// note is validated as Create and Amend validate it, sealed with its
// client's key by the same store code, and the load is logged: the
// batch in the actor's log and one demo.load entry per client, naming
// how many notes it got, in the log of the author's organisation.
// Errors: Forbidden (not demo.load), NotFound (a client the author's
// organisation does not hold), Invalid (a note), nothing written then.
func (s *Service) Load(ctx context.Context, actor, author access.Actor, notes []Loaded) error {
	u := gate.Use{Action: access.DemoLoad, Touched: "notes"}
	return gate.Org(ctx, s.store, actor, u, func(tx Tx, e *audit.Entry) error {
		now := tx.Now()
		today := civil.DateOf(now.In(civil.Helsinki))
		out := make([]Note, 0, len(notes))
		count := map[string]int{}
		var clients []string
		amendments := 0
		for _, l := range notes {
			in := l.Input
			in.Normalize()
			if err := in.Validate(today); err != nil {
				return err
			}
			if count[l.ClientID] == 0 {
				if err := tx.HoldsClient(author.OrgID, l.ClientID); err != nil {
					return err
				}
				clients = append(clients, l.ClientID)
			}
			count[l.ClientID]++
			date, _ := civil.ParseDate(in.Date) // valid: Validate parsed it
			n := Note{ID: s.newID(), ClientID: l.ClientID, Type: in.Type, Date: date, Text: in.Text, Sensitive: in.Sensitive,
				AuthorID: author.UserID, Author: author.Username, CreatedAt: now}
			for _, text := range l.Amendments {
				a := Amendment{ID: s.newID(), NoteID: n.ID, Text: trim(text), AuthorID: author.UserID, Author: author.Username, CreatedAt: now}
				if err := ValidateAmendment(a.Text); err != nil {
					return err
				}
				n.Amendments = append(n.Amendments, a)
				amendments++
			}
			out = append(out, n)
		}
		if err := tx.InsertNotes(author.OrgID, out); err != nil {
			return err
		}
		e.Touched = gate.Touched("notes:"+strconv.Itoa(len(out)), "amendments:"+strconv.Itoa(amendments),
			"clients:"+strconv.Itoa(len(clients)), "org:"+author.OrgID)
		for _, id := range clients {
			ce := gate.Entry(author, access.DemoLoad, id, "notes:"+strconv.Itoa(count[id]), audit.Allowed, now)
			if err := tx.AppendAudit(ce); err != nil {
				return apperr.Wrap(err, "log demo load")
			}
		}
		return nil
	})
}
