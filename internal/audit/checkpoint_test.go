package audit

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// heads returns a heads function for Append with chains a and b at seqA
// and seqB.
func heads(seqA, seqB int64) func() ([]Head, error) {
	return func() ([]Head, error) {
		h := func(chain string, seq int64) Head {
			if seq == 0 {
				return Head{Chain: chain}
			}
			return Head{Chain: chain, Seq: seq, Hash: fmt.Sprintf("%s-%d", chain, seq), At: t0.Add(time.Duration(seq) * time.Second)}
		}
		return []Head{h("b", seqB), h("a", seqA)}, nil // unsorted on purpose
	}
}

// writeCheckpoints appends one checkpoint per seq pair and returns the file.
func writeCheckpoints(t *testing.T, dir string, seqs ...[2]int64) string {
	t.Helper()
	w := &CheckpointWriter{Dir: dir, Keys: testKeys, Writer: "test:1"}
	var path string
	for i, s := range seqs {
		res, err := w.Append(t0.Add(time.Duration(i)*time.Minute), heads(s[0], s[1]), false)
		if err != nil {
			t.Fatal(err)
		}
		path = res.Path
	}
	return path
}

func readLines(t *testing.T, path string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.SplitAfter(b, []byte("\n"))[:bytes.Count(b, []byte("\n"))]
}

func TestCheckpointFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "audit-checkpoints")
	path := writeCheckpoints(t, dir, [2]int64{0, 1}, [2]int64{2, 1}, [2]int64{3, 5})
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", p, st.Mode().Perm(), err, want)
		}
	}
	log, err := ReadCheckpoints(path, testKeys.CheckpointPublicKey())
	if err != nil || len(log.Problems) != 0 || log.Lines != 3 {
		t.Fatalf("intact file: %d lines, %v, %v", log.Lines, log.Problems, err)
	}
	if h, ok := log.Latest.Head("b"); !ok || h.Seq != 5 || h.Hash != "b-5" || !h.At.Equal(t0.Add(5*time.Second).Truncate(time.Microsecond)) {
		t.Fatalf("latest head of b: %+v", h)
	}
	if h, _ := log.Latest.Head("a"); h.Seq != 3 {
		t.Fatalf("latest head of a: %+v", h)
	}
	// Another key ring's public key verifies nothing.
	if log, _ := ReadCheckpoints(path, otherKeys.CheckpointPublicKey()); len(log.Problems) == 0 || log.Latest != nil {
		t.Fatal("checkpoints verified with another ring's key")
	}
	if _, err := ReadCheckpoints(filepath.Join(dir, "none"), testKeys.CheckpointPublicKey()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
}

// Every way of changing a checkpoint file but cutting its end is detected.
func TestCheckpointFileTampering(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(lines [][]byte) [][]byte
		wantLine int
		want     string
	}{
		{"middle line removed", func(l [][]byte) [][]byte { return append(l[:1:1], l[2:]...) }, 2, "does not link"},
		{"first line removed", func(l [][]byte) [][]byte { return l[1:] }, 1, "first line links"},
		{"lines swapped", func(l [][]byte) [][]byte { l[1], l[2] = l[2], l[1]; return l }, 2, "does not link"},
		{"head altered", func(l [][]byte) [][]byte {
			l[1] = bytes.Replace(l[1], []byte(`"seq":2`), []byte(`"seq":9`), 1)
			return l
		}, 2, "signature"},
		{"forged line appended", func(l [][]byte) [][]byte {
			cp, _ := ParseCheckpoint(bytes.TrimSuffix(l[2], []byte("\n")))
			cp.Prev = lineHash(bytes.TrimSuffix(l[2], []byte("\n")))
			cp.Heads[0].Seq = 1
			cp.Sign(otherKeys)
			return append(l, append(cp.Marshal(), '\n'))
		}, 4, "signature"},
		{"not JSON", func(l [][]byte) [][]byte { l[1] = []byte("hello\n"); return l }, 2, "not a checkpoint"},
		{"unknown field", func(l [][]byte) [][]byte {
			l[1] = bytes.Replace(l[1], []byte(`{"version":1,`), []byte(`{"version":1,"x":1,`), 1)
			return l
		}, 2, "not a checkpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeCheckpoints(t, t.TempDir(), [2]int64{1, 1}, [2]int64{2, 1}, [2]int64{3, 5})
			lines := tt.edit(readLines(t, path))
			if err := os.WriteFile(path, bytes.Join(lines, nil), 0o600); err != nil {
				t.Fatal(err)
			}
			log, err := ReadCheckpoints(path, testKeys.CheckpointPublicKey())
			if err != nil {
				t.Fatal(err)
			}
			if len(log.Problems) == 0 {
				t.Fatal("tampering not detected")
			}
			if p := log.Problems[0]; p.Line != tt.wantLine || !strings.Contains(p.Reason, tt.want) {
				t.Fatalf("first problem %v, want line %d with %q", p, tt.wantLine, tt.want)
			}
			if log.Latest != nil && log.Latest.At.After(t0.Add(time.Duration(tt.wantLine-2)*time.Minute)) {
				t.Errorf("latest verified checkpoint is from after the problem: %v", log.Latest.At)
			}
		})
	}
}

// A checkpoint with a chain behind the one before it is written (it is
// evidence), reported by Append and found by ReadCheckpoints.
func TestCheckpointBehind(t *testing.T) {
	dir := t.TempDir()
	w := &CheckpointWriter{Dir: dir, Keys: testKeys, Writer: "test:1"}
	if _, err := w.Append(t0, heads(4, 4), false); err != nil {
		t.Fatal(err)
	}
	res, err := w.Append(t0.Add(time.Minute), heads(4, 2), false)
	if err != nil || res.Line == nil || len(res.Behind) != 1 || res.Behind[0] != "b" {
		t.Fatalf("Append of a shorter chain: %+v %v", res, err)
	}
	log, _ := ReadCheckpoints(res.Path, testKeys.CheckpointPublicKey())
	if len(log.Problems) != 1 || !strings.Contains(log.Problems[0].Reason, "chain b has fewer entries") || log.Lines != 2 {
		t.Fatalf("problems %v", log.Problems)
	}
	// A chain missing altogether is behind too.
	gone := func() ([]Head, error) { return []Head{{Chain: "a", Seq: 4, Hash: "a-4", At: t0}}, nil }
	if res, _ := w.Append(t0.Add(2*time.Minute), gone, false); len(res.Behind) != 1 || res.Behind[0] != "b" {
		t.Fatalf("chain removed: %+v", res.Behind)
	}
}

// Periodic checkpoints of unchanged heads are not written.
func TestCheckpointUnchangedSkipped(t *testing.T) {
	dir := t.TempDir()
	w := &CheckpointWriter{Dir: dir, Keys: testKeys, Writer: "test:1"}
	for i, tt := range []struct {
		seqA      int64
		unchanged bool
		written   bool
	}{{1, true, true}, {1, true, false}, {1, false, true}, {2, true, true}} {
		res, err := w.Append(t0.Add(time.Duration(i)*time.Minute), heads(tt.seqA, 1), tt.unchanged)
		if err != nil || (res.Line != nil) != tt.written {
			t.Fatalf("step %d: written %v (%v), want %v", i, res.Line != nil, err, tt.written)
		}
	}
	if n := len(readLines(t, filepath.Join(dir, CheckpointFileName))); n != 3 {
		t.Fatalf("%d lines, want 3", n)
	}
}

// A file ending in an incomplete line (a crash during a write) is not
// appended to; lines longer than a read chunk link correctly.
func TestCheckpointFileEnds(t *testing.T) {
	dir := t.TempDir()
	w := &CheckpointWriter{Dir: dir, Keys: testKeys, Writer: "test:1"}
	many := func() ([]Head, error) {
		var hs []Head
		for i := range 1500 { // about 150 kB per line
			hs = append(hs, Head{Chain: fmt.Sprintf("chain%05d", i), Seq: 7, Hash: strings.Repeat("ab", 32), At: t0})
		}
		return hs, nil
	}
	for i := range 3 {
		if _, err := w.Append(t0.Add(time.Duration(i)*time.Minute), many, false); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, CheckpointFileName)
	if log, err := ReadCheckpoints(path, testKeys.CheckpointPublicKey()); err != nil || len(log.Problems) != 0 || log.Lines != 3 {
		t.Fatalf("long lines: %d lines, %v %v", log.Lines, log.Problems, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"version":1,"at":`)
	f.Close()
	if _, err := w.Append(t0.Add(time.Hour), many, false); err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Fatalf("append after an incomplete line: %v", err)
	}
}
