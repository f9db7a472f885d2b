// Package loadstat measures load runs for kotoload and kotobaseline: a
// latency histogram with bounded memory, a runner that drives an operation
// from several workers for a duration or a number of requests, CPU time
// from /proc, and one report format for both tools.
package loadstat

import (
	"math"
	"math/bits"
	"time"
)

// subBits sets the histogram's precision: values are kept exactly below
// 2^(subBits+1) ns and otherwise in buckets 1/2^subBits wide relative to
// their value (< 0.8% error), so ten minutes at any rate fit in a few
// thousand counters instead of one entry per request.
const (
	subBits  = 7
	sub      = 1 << subBits
	nBuckets = 2*sub + 56*sub
)

// Histogram counts latencies. The zero value is ready; it is not safe for
// concurrent use (give each worker its own and Merge them).
type Histogram struct {
	counts [nBuckets]uint64
	n      uint64
	max    time.Duration
}

// bucket returns the bucket of v ns and, from lowest, the bucket's range.
func bucket(v uint64) int {
	if v < 2*sub {
		return int(v)
	}
	shift := bits.Len64(v) - (subBits + 1)
	return 2*sub + (shift-1)*sub + int(v>>shift) - sub
}

// upper returns the largest value that falls in bucket b.
func upper(b int) uint64 {
	if b < 2*sub {
		return uint64(b)
	}
	shift := (b-2*sub)/sub + 1
	mantissa := uint64((b-2*sub)%sub + sub)
	return (mantissa+1)<<shift - 1
}

// Record adds one latency. Negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	v := uint64(max(d, 0))
	h.counts[bucket(v)]++
	h.n++
	h.max = max(h.max, d)
}

// Merge adds o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.max = max(h.max, o.max)
}

// Count is the number of recorded latencies.
func (h *Histogram) Count() uint64 { return h.n }

// Max is the largest recorded latency, exactly.
func (h *Histogram) Max() time.Duration { return h.max }

// Percentile returns the latency at or below which p percent (0–100) of
// the recorded ones fall: the nearest-rank method, reported as the upper
// end of the rank's bucket but never above Max. Empty: 0.
func (h *Histogram) Percentile(p float64) time.Duration {
	if h.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(p / 100 * float64(h.n)))
	rank = min(max(rank, 1), h.n)
	var seen uint64
	for b, c := range h.counts {
		if seen += c; seen >= rank {
			return min(time.Duration(upper(b)), h.max)
		}
	}
	return h.max
}
