//go:build unix

package store_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

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
// it (who may list, search and open every client), a caseworker and the
// clients' ids.
func benchRegister(b *testing.B, engine string, n int) (*testenv.Env, access.Actor, access.Actor, []string) {
	env := testenv.New(b, engine)
	env.AddOrg(b, "240")
	cw := env.AddUser(b, "240", "bench.cw", access.Caseworker)
	sup := env.AddUser(b, "240", "bench.sup", access.Supervisor)
	gen := demo.NewGenerator(1)
	ids := make([]string, n)
	var wg sync.WaitGroup
	const workers = 4
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				_, d := gen.Client(i)
				c, _, err := env.Clients.Create(ctx, cw, d, client.CreateOptions{})
				if err != nil {
					errs <- fmt.Errorf("client %d: %w", i, err)
					return
				}
				ids[i] = c.ID
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
	return env, sup, cw, ids
}

// cpuTime is the CPU time this process has used. Benchmarks report it per
// operation besides the time per operation, which on a machine shared with
// other work measures the waiting as well. (The PostgreSQL server's CPU is
// not in it.)
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkRegister measures, on a register of registerSize() clients in
// one organisation: card opens, name searches as the load test draws them
// (match, summaries, ranking and the log entry; and the match step alone),
// a page of the client list in each order, and registrations (last: they
// add clients). It reports the name index's rows and bytes per client.
func BenchmarkRegister(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			n := registerSize()
			env, sup, cw, ids := benchRegister(b, engine, n)
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
			b.Run("card", func(b *testing.B) {
				start := cpuTime()
				for i := 0; b.Loop(); i++ {
					if _, err := env.Clients.Get(ctx, sup, ids[(i*7919)%len(ids)]); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, start)
			})
			b.Run("search", func(b *testing.B) {
				start := cpuTime()
				for i := 0; b.Loop(); i++ {
					if _, err := env.Clients.Search(ctx, sup, client.SearchQuery{Name: queries[i%len(queries)]}); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, start)
				b.ReportMetric(perClient, "keyrows/client")
				b.ReportMetric(bytes/float64(n), "indexbytes/client")
			})
			b.Run("match", func(b *testing.B) {
				start := cpuTime()
				for i := 0; b.Loop(); i++ {
					if _, err := env.DB.MatchNames(ctx, sup.OrgID, queries[i%len(queries)], 50, 0); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, start)
			})
			for _, sort := range []string{client.SortName, client.SortUpdated} {
				for _, page := range []int{1, n / 100} {
					b.Run(fmt.Sprintf("list-%s-page%d", sort, page), func(b *testing.B) {
						start := cpuTime()
						for b.Loop() {
							p, err := env.Clients.List(ctx, sup, client.ListFilter{Sort: sort, Desc: sort == client.SortUpdated, Page: page, PageSize: 50})
							if err != nil || len(p.Items) == 0 {
								b.Fatal(err, len(p.Items))
							}
						}
						reportCPU(b, start)
					})
				}
			}
			b.Run("create", func(b *testing.B) {
				gen := demo.NewGenerator(1)
				start := cpuTime()
				for i := 0; b.Loop(); i++ {
					_, d := gen.Client(n + i) // after the register: distinct HETUs
					if _, _, err := env.Clients.Create(ctx, cw, d, client.CreateOptions{}); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, start)
			})
		})
	}
}
