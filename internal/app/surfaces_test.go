package app

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/api"
	"koto/internal/client"
	"koto/internal/store/storetest"
)

// The browser and the API answer from the same policy: the reviewer found
// the web history page showing a former protected address that the API
// masked. A client had address protection while the address changed, and
// the protection was lifted later; a caseworker without the right to see
// protected addresses sees none of those values on either surface.
func TestSurfacesAgreeOnFormerProtectedAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := newWorld(t, engine)
		ctx := context.Background()
		cw := w.users[access.Caseworker]
		id := w.newClient(t, w.supA)
		w.assign(t, id, cw.actor)
		const secret = "Salainen katu 13"
		steps := []func(d *client.Details){
			func(d *client.Details) { d.AddressProtected = true },
			func(d *client.Details) { d.Address.Street = secret },
			func(d *client.Details) { d.AddressProtected = false; d.Address.Street = "Uusi katu 1" },
		}
		for _, step := range steps {
			if _, err := w.env.Clients.Update(ctx, w.supA, id, 0, func(d *client.Details, _ bool) error { step(d); return nil }); err != nil {
				t.Fatal(err)
			}
		}
		page := w.do(t, w.uiRequest("GET", "/clients/"+id+"/history", nil, cw.session))
		if page.StatusCode != 200 {
			t.Fatalf("history page: %d", page.StatusCode)
		}
		res := w.do(t, w.apiRequest("GET", api.Prefix+"/clients/"+id+"/history", nil, cw, assigned))
		if res.StatusCode != 200 {
			t.Fatalf("history API: %d %s", res.StatusCode, res.body)
		}
		var hist struct {
			Items []struct {
				Field  string `json:"field"`
				Hidden bool   `json:"hidden"`
			} `json:"items"`
		}
		if err := json.Unmarshal([]byte(res.body), &hist); err != nil {
			t.Fatal(err)
		}
		for name, body := range map[string]string{"web": page.body, "api": res.body} {
			if strings.Contains(body, secret) {
				t.Errorf("%s shows the former protected address", name)
			}
		}
		hidden := 0
		for _, it := range hist.Items {
			if strings.HasPrefix(it.Field, "address.") && it.Hidden {
				hidden++
			}
		}
		// Two changes of the street; the web page masks the old and the new value of each.
		if hidden != 2 || strings.Count(page.body, "••••") != 4 {
			t.Errorf("hidden address changes: api %d, web %d values; want 2 changes, 4 values", hidden, strings.Count(page.body, "••••"))
		}
		// The supervisor may see protected addresses: both surfaces show it.
		sup := w.users[access.Supervisor]
		if page := w.do(t, w.uiRequest("GET", "/clients/"+id+"/history", nil, sup.session)); !strings.Contains(page.body, secret) {
			t.Error("the supervisor's history page hides the address")
		}
		if res := w.do(t, w.apiRequest("GET", api.Prefix+"/clients/"+id+"/history", nil, sup, sameOrg)); !strings.Contains(res.body, secret) {
			t.Error("the supervisor's history API hides the address")
		}
	})
}
