package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"testing"

	"koto/internal/access"
	"koto/internal/client"
	"koto/internal/demo"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// registerSize is the size of the benchmarks' register (KOTO_BENCH_CLIENTS,
// default 2000; docs/performance.md quotes 40 000, the measured
// organisation's size in the load test).
func registerSize() int {
	if n, err := strconv.Atoi(os.Getenv("KOTO_BENCH_CLIENTS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// benchRegister fills one organisation with n synthetic clients of the
// demo generator, through the client service, and returns a supervisor of
// it (who may list and search every client).
func benchRegister(b *testing.B, engine string, n int) (*testenv.Env, access.Actor) {
	env := testenv.New(b, engine)
	env.AddOrg(b, "240")
	cw := env.AddUser(b, "240", "bench.cw", access.Caseworker)
	sup := env.AddUser(b, "240", "bench.sup", access.Supervisor)
	gen := demo.NewGenerator(1)
	var wg sync.WaitGroup
	const workers = 4
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				_, d := gen.Client(i)
				if _, _, err := env.Clients.Create(ctx, cw, d, client.CreateOptions{}); err != nil {
					errs <- fmt.Errorf("client %d: %w", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	if err := env.DB.AfterBulkLoad(ctx); err != nil {
		b.Fatal(err)
	}
	return env, sup
}

// BenchmarkRegister measures, on a register of registerSize() clients in
// one organisation: name searches as the load test draws them (match,
// summaries, ranking and the log entry; and the match step alone), and a
// page of the client list in each order. It reports the name index's rows
// per client.
func BenchmarkRegister(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			n := registerSize()
			env, sup := benchRegister(b, engine, n)
			var keys int
			if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM client_search_keys`).Scan(&keys); err != nil {
				b.Fatal(err)
			}
			perClient := float64(keys) / float64(n)
			// The name index's size on disk: table and indexes.
			size := `SELECT SUM(pgsize) FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'client_search_keys')`
			if engine == "postgres" {
				size = `SELECT pg_total_relation_size('client_search_keys')`
			}
			var bytes float64
			if err := env.DB.SQL().QueryRow(size).Scan(&bytes); err != nil {
				b.Logf("index size: %v", err)
			}
			r := rand.New(rand.NewPCG(7, 7))
			queries := make([]string, 200)
			for i := range queries {
				queries[i] = demo.NameQuery(r)
			}
			b.Run("search", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					if _, err := env.Clients.Search(ctx, sup, client.SearchQuery{Name: queries[i%len(queries)]}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(perClient, "keyrows/client")
				b.ReportMetric(bytes/float64(n), "indexbytes/client")
			})
			b.Run("match", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					if _, err := env.DB.MatchNames(ctx, sup.OrgID, queries[i%len(queries)], 50, 0); err != nil {
						b.Fatal(err)
					}
				}
			})
			for _, sort := range []string{client.SortName, client.SortUpdated} {
				for _, page := range []int{1, n / 100} {
					b.Run(fmt.Sprintf("list-%s-page%d", sort, page), func(b *testing.B) {
						for b.Loop() {
							p, err := env.Clients.List(ctx, sup, client.ListFilter{Sort: sort, Desc: sort == client.SortUpdated, Page: page, PageSize: 50})
							if err != nil || len(p.Items) == 0 {
								b.Fatal(err, len(p.Items))
							}
						}
					})
				}
			}
		})
	}
}
