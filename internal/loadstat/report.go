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
	Note        string         `json:"note,omitempty"`  // caveats worth keeping with the figures
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
	if o.CPU >= 0 {
		cpu := o.CPU.Seconds()
		r.CPUSeconds = &cpu
		// Failed operations cost CPU too, so they count as operations here.
		if n := r.Ops + uint64(errorCount(r.Errors)); n > 0 {
			perOp := cpu * 1000 / float64(n)
			r.CPUMsPerOp = &perOp
		}
	}
	return r
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
		perOp := "n/a"
		if r.CPUMsPerOp != nil {
			perOp = fmt.Sprintf("%.3f ms/op", *r.CPUMsPerOp)
		}
		fmt.Fprintf(w, "  cpu        %.2f s (%s), %s\n", *r.CPUSeconds, r.CPUOf, perOp)
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
