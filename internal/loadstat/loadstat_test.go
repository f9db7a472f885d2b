package loadstat

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPercentiles(t *testing.T) {
	var h Histogram
	for i := 1; i <= 1000; i++ {
		h.Record(time.Duration(i) * time.Millisecond)
	}
	tests := []struct {
		p    float64
		want time.Duration
	}{
		{50, 500 * time.Millisecond},
		{90, 900 * time.Millisecond},
		{99, 990 * time.Millisecond},
		{100, 1000 * time.Millisecond},
		{0, 1 * time.Millisecond},
	}
	for _, tt := range tests {
		got := h.Percentile(tt.p)
		if rel := math.Abs(float64(got-tt.want)) / float64(tt.want); rel > 0.01 || got < tt.want {
			t.Errorf("p%v = %v, want %v within +1%%", tt.p, got, tt.want)
		}
	}
	if h.Max() != time.Second || h.Count() != 1000 {
		t.Errorf("max %v count %d", h.Max(), h.Count())
	}
}

func TestPercentileExactForSmallValues(t *testing.T) {
	var h Histogram
	for _, v := range []time.Duration{5, 1, 3, 2, 4} {
		h.Record(v)
	}
	if got := h.Percentile(50); got != 3 {
		t.Errorf("median of 1..5 ns = %v, want 3ns", got)
	}
	var empty Histogram
	if empty.Percentile(99) != 0 {
		t.Error("empty histogram has a percentile")
	}
}

func TestBucketsCoverEveryValue(t *testing.T) {
	prev := -1
	for _, v := range []uint64{0, 1, 255, 256, 257, 511, 512, 1 << 20, 1<<20 + 12345, 1 << 40, 1 << 62} {
		b := bucket(v)
		if b < prev || b >= nBuckets || upper(b) < v {
			t.Errorf("value %d: bucket %d (upper %d) after %d", v, b, upper(b), prev)
		}
		if b > 0 && upper(b-1) >= v {
			t.Errorf("value %d also fits bucket %d", v, b-1)
		}
		prev = b
	}
}

func TestMerge(t *testing.T) {
	var a, b Histogram
	a.Record(time.Millisecond)
	b.Record(3 * time.Millisecond)
	a.Merge(&b)
	if a.Count() != 2 || a.Max() != 3*time.Millisecond {
		t.Errorf("merged count %d max %v", a.Count(), a.Max())
	}
}

func TestParseStat(t *testing.T) {
	// Field 2 may contain spaces and parentheses.
	stat := "1234 (ko to) (x)) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 8 0 100 0 0"
	got, err := parseStat(stat)
	want := procStat{comm: "ko to) (x)", own: 3 * time.Second, children: 100 * time.Millisecond}
	if err != nil || got != want {
		t.Errorf("parseStat = %+v, %v; want %+v", got, err, want)
	}
	for _, bad := range []string{"garbage", "1 (x) S 1 2 3", "1 (x) S 1 1 1 0 -1 0 0 0 0 0 a 0 0 0 20"} {
		if _, err := parseStat(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// CommandCPU finds this test binary by its command name and counts the
// CPU it burns.
func TestCommandCPU(t *testing.T) {
	comm, err := os.ReadFile("/proc/self/comm")
	if err != nil {
		t.Skip("no /proc:", err)
	}
	name := strings.TrimSpace(string(comm))
	before, err := CommandCPU(name)
	if err != nil {
		t.Fatal(err)
	}
	for start := time.Now(); time.Since(start) < 100*time.Millisecond; {
	}
	after, err := CommandCPU(name)
	if err != nil {
		t.Fatal(err)
	}
	if d := after - before; d < 50*time.Millisecond {
		t.Errorf("CommandCPU rose by %v over 100 ms of busy work", d)
	}
	if _, err := CommandCPU("no-such-command-here"); err == nil {
		t.Error("a missing command reported no error")
	}
}

func TestRunStopsAtRequests(t *testing.T) {
	out, err := Run(context.Background(), Config{Concurrency: 4, Duration: time.Minute, Requests: 100, CPU: SelfCPU},
		func(ctx context.Context, w int) string {
			if w == 0 {
				return "boom"
			}
			return ""
		})
	if err != nil {
		t.Fatal(err)
	}
	if total := int(out.Latency.Count()) + out.Errors["boom"]; total != 100 {
		t.Errorf("%d operations, want 100", total)
	}
	if out.CPU < 0 {
		t.Error("CPU not measured")
	}
	if out.DBCPU != -1 {
		t.Errorf("database CPU %v without a meter, want -1", out.DBCPU)
	}
}

// Each meter is read before and after the measured phase: the difference
// is what the phase spent.
func TestRunReadsEveryMeter(t *testing.T) {
	var reads [2]int
	meter := func(i int, step time.Duration) func() (time.Duration, error) {
		return func() (time.Duration, error) {
			reads[i]++
			return time.Duration(reads[i]) * step, nil
		}
	}
	out, err := Run(context.Background(), Config{Duration: time.Minute, Requests: 3,
		CPU: meter(0, time.Second), DBCPU: meter(1, time.Millisecond)},
		func(ctx context.Context, w int) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if out.CPU != time.Second || out.DBCPU != time.Millisecond || reads != [2]int{2, 2} {
		t.Errorf("CPU %v, database CPU %v, reads %v; want 1s, 1ms, [2 2]", out.CPU, out.DBCPU, reads)
	}
}
