package httpx

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/gate"
)

// Route is one entry of a surface's route table (the UI's web/routes.go,
// the API's api/routes.go): what a request must be before its handler
// runs. The authorization-matrix test reads the same tables.
type Route struct {
	Pattern string        // http.ServeMux pattern, "GET /clients/{id}"
	Action  access.Action // what the actor must be allowed to do; "" = any logged-in user
	Public  bool          // no login needed
	// Client marks a route about one client, named by the path value
	// {id}: a refusal answers 404, as for a client that does not exist,
	// and is logged against that client.
	Client bool
}

// Refuse checks that the actor's roles allow rt's action at all (whether
// they may act on one particular client is the service's decision). It
// returns nil when they do; otherwise it logs the refusal through the gate
// and returns the error to answer with: NotFound on a client's route,
// Forbidden elsewhere — or the logging error: no log, no answer.
func Refuse(r *http.Request, st gate.Store[gate.Tx], actor access.Actor, rt Route) error {
	if rt.Action == "" || actor.Can(rt.Action) {
		return nil
	}
	u := gate.Use{Action: rt.Action, Touched: "route"}
	refusal := apperr.New(apperr.Forbidden, "error.forbidden")
	if rt.Client {
		u.ClientID, refusal = r.PathValue("id"), apperr.ErrNotFound()
	}
	return gate.Denied(r.Context(), st, actor, u, refusal)
}
