package client_test

import (
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// benchClients is the register size for the benchmarks
// (KOTO_BENCH_CLIENTS, default 2000; docs/performance.md uses 100 000
// through the load tool instead).
func benchClients() int {
	if n, err := strconv.Atoi(os.Getenv("KOTO_BENCH_CLIENTS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

var benchNames = []string{"Mohammed", "Ahmed", "Olga", "Fatima", "Yusuf", "Nguyen", "Hassan", "Abdi", "Karimi", "Ivanova"}

func benchEnv(b *testing.B, engine string) (*testenv.Env, access.Actor, []string) {
	env := testenv.New(b, engine)
	env.AddOrg(b, "240")
	actor := env.AddUser(b, "240", "bench", access.Caseworker)
	n := benchClients()
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		// A distinct (birth date, individual number) for every i: 25 000 days × 100 numbers.
		h, _ := hetu.New(civil.DateOf(time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%25000)), 900+i/25000)
		c, _, err := env.Clients.Create(ctx, actor, client.Details{HETU: h.String(),
			FirstNames: benchNames[i%len(benchNames)], LastName: benchNames[(i/7)%len(benchNames)] + fmt.Sprint(i%97)}, client.CreateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, c.ID)
	}
	return env, actor, ids
}

func BenchmarkCardOpen(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			env, actor, ids := benchEnv(b, engine)
			var i atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := env.Clients.Get(ctx, actor, ids[int(i.Add(1))%len(ids)]); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkNameSearch(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			env, actor, _ := benchEnv(b, engine)
			queries := []string{"Muhammad", "olg", "Fatma Hassan", "Youssef", "Nguyn"}
			var i atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := env.Clients.Search(ctx, actor, client.SearchQuery{Name: queries[int(i.Add(1))%len(queries)]}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			env := testenv.New(b, engine)
			env.AddOrg(b, "240")
			actor := env.AddUser(b, "240", "bench", access.Caseworker)
			var i atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := int(i.Add(1))
					d := client.Details{BirthDate: civil.Date{Year: 1960 + n%50, Month: time.Month(1 + n%12), Day: 1 + n%28},
						FirstNames: benchNames[n%len(benchNames)], LastName: fmt.Sprint("Bench", n)}
					if _, _, err := env.Clients.Create(ctx, actor, d, client.CreateOptions{}); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
