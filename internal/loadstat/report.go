package loadstat

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Report is the result both tools print, as text or JSON.
type Report struct {
	Tool        string         `json:"tool"`     // kotoload or kotobaseline
	Target      string         `json:"target"`   // URL or database engine
	Scenario    string         `json:"scenario"` // create, card, search, mixed
	Concurrency int            `json:"concurrency"`
	Seconds     float64        `json:"seconds"` // measured phase
	Ops         uint64         `json:"ops"`     // successful operations
	Errors      map[string]int `json:"errors"`  // failed operations by label
	OpsPerSec   float64        `json:"opsPerSec"`
	LatencyMs   Latency        `json:"latencyMs"`
	CPUSeconds  *float64       `json:"cpuSeconds"`      // of the measured process; null when not measured
	CPUMsPerOp  *float64       `json:"cpuMsPerOp"`      // CPU per operation, failed ones included
	CPUOf       string         `json:"cpuOf,omitempty"` // whose CPU: "server pid N" or "this process"
	// The database server's CPU (PostgreSQL), when measured: the other half
	// of the cost of a request on a separate database.
	DBCPUSeconds *float64 `json:"dbCpuSeconds,omitempty"`
	DBCPUMsPerOp *float64 `json:"dbCpuMsPerOp,omitempty"`
	DBCPUOf      string   `json:"dbCpuOf,omitempty"` // "processes named postgres"
	Note         string   `json:"note,omitempty"`    // caveats worth keeping with the figures
}

// Latency summarises successful operations, in milliseconds.
type Latency struct {
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
	P99    float64 `json:"p99"`
	Max    float64 `json:"max"`
}

// NewReport summarises an outcome.
func NewReport(tool, target, scenario string, concurrency int, o Outcome) Report {
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	r := Report{Tool: tool, Target: target, Scenario: scenario, Concurrency: concurrency,
		Seconds: o.Elapsed.Seconds(), Ops: o.Latency.Count(), Errors: o.Errors,
		LatencyMs: Latency{Median: ms(o.Latency.Percentile(50)), P90: ms(o.Latency.Percentile(90)),
			P99: ms(o.Latency.Percentile(99)), Max: ms(o.Latency.Max())}}
	if r.Errors == nil {
		r.Errors = map[string]int{}
	}
	if r.Seconds > 0 {
		r.OpsPerSec = float64(r.Ops) / r.Seconds
	}
	// Failed operations cost CPU too, so they count as operations here.
	n := r.Ops + uint64(errorCount(r.Errors))
	r.CPUSeconds, r.CPUMsPerOp = perOp(o.CPU, n)
	r.DBCPUSeconds, r.DBCPUMsPerOp = perOp(o.DBCPU, n)
	return r
}

// perOp is a measured CPU time in seconds and in milliseconds per
// operation; nil for what was not measured (cpu < 0) or has no operations.
func perOp(cpu time.Duration, ops uint64) (seconds, msPerOp *float64) {
	if cpu < 0 {
		return nil, nil
	}
	s := cpu.Seconds()
	if ops == 0 {
		return &s, nil
	}
	ms := s * 1000 / float64(ops)
	return &s, &ms
}

// Write prints r as indented JSON or as a few aligned lines of text.
func (r Report) Write(w io.Writer, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "%s %s on %s, concurrency %d, %.1f s\n", r.Tool, r.Scenario, r.Target, r.Concurrency, r.Seconds)
	fmt.Fprintf(w, "  ops        %d (%.1f ops/s)\n", r.Ops, r.OpsPerSec)
	errs := []string{}
	for _, k := range slices.Sorted(maps.Keys(r.Errors)) {
		errs = append(errs, fmt.Sprintf("%s×%d", k, r.Errors[k]))
	}
	if len(errs) == 0 {
		errs = append(errs, "none")
	}
	fmt.Fprintf(w, "  errors     %s\n", strings.Join(errs, " "))
	l := r.LatencyMs
	fmt.Fprintf(w, "  latency ms median %.2f  p90 %.2f  p99 %.2f  max %.2f\n", l.Median, l.P90, l.P99, l.Max)
	if r.CPUSeconds != nil {
		each := "n/a"
		if r.CPUMsPerOp != nil {
			each = fmt.Sprintf("%.3f ms/op", *r.CPUMsPerOp)
		}
		fmt.Fprintf(w, "  cpu        %.2f s (%s), %s\n", *r.CPUSeconds, r.CPUOf, each)
	}
	if r.DBCPUSeconds != nil && r.DBCPUMsPerOp != nil {
		fmt.Fprintf(w, "  db cpu     %.2f s (%s), %.3f ms/op\n", *r.DBCPUSeconds, r.DBCPUOf, *r.DBCPUMsPerOp)
	}
	if r.Note != "" {
		fmt.Fprintf(w, "  note       %s\n", r.Note)
	}
	return nil
}

func errorCount(errs map[string]int) int {
	n := 0
	for _, v := range errs {
		n += v
	}
	return n
}
