package app

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/config"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// BenchmarkAPICardOpen measures a card open through the whole HTTP stack
// (middleware, token look-up, service, store, JSON), in process.
func BenchmarkAPICardOpen(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			env := testenv.New(b, engine)
			env.AddOrg(b, "240")
			sup := env.AddUser(b, "240", "bench.sup", access.Supervisor)
			var ids []string
			for i := 0; i < 200; i++ {
				c, _, err := env.Clients.Create(context.Background(), sup, client.Details{
					BirthDate: civil.Date{Year: 1980, Month: 1, Day: 1 + i%28}, FirstNames: "Bench", LastName: "Client"}, client.CreateOptions{})
				if err != nil {
					b.Fatal(err)
				}
				ids = append(ids, c.ID)
			}
			token := env.Token(b, "bench.sup")
			fs := flag.NewFlagSet("koto serve", flag.ContinueOnError)
			cfg := config.Register(fs, func(string) string { return "" })
			if err := fs.Parse([]string{"--data-dir", b.TempDir()}); err != nil {
				b.Fatal(err)
			}
			c := testCore(cfg, env)
			h, err := c.handler()
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					req := httptest.NewRequest("GET", "/api/v1/clients/"+ids[i%len(ids)], nil)
					req.Header.Set("Authorization", "Bearer "+token)
					rec := httptest.NewRecorder()
					h.ServeHTTP(rec, req)
					if rec.Code != http.StatusOK {
						b.Errorf("status %d", rec.Code)
						return
					}
					i++
				}
			})
		})
	}
}
