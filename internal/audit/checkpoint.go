package audit

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"koto/internal/crypto"
)

// A checkpoint records the head of every chain at a moment, signed with
// the ring's checkpoint key (Ed25519, so an auditor verifies it with the
// public key alone) and linked to the checkpoint before it in the same
// file by that line's SHA-256. Checkpoints are kept outside the database —
// one JSON line each, appended to CheckpointFileName in a directory and,
// when configured, handed to a command that ships them off the machine —
// so someone who can write only the database cannot make the log agree
// with them again after cutting a chain short or removing it (ADR 12).

// CheckpointFileName is the file of a checkpoint directory that
// checkpoints are appended to.
const CheckpointFileName = "checkpoints.jsonl"

// checkpointVersion is the only line format written and read.
const checkpointVersion = 1

// labelCheckpoint starts the signed encoding of a checkpoint.
const labelCheckpoint = "koto/audit-checkpoint/v1"

// Head is a chain's last sealed entry, as a checkpoint records it.
type Head struct {
	Chain string
	Seq   int64 // 0 for a chain without entries
	Hash  string
	At    time.Time // the head entry's time; zero for an empty chain
}

// Checkpoint is one signed record of every chain head.
type Checkpoint struct {
	At     time.Time // when it was taken
	Writer string    // host:pid of the process that wrote it
	Prev   string    // hex SHA-256 of the line before it in its file; "" for a file's first
	Heads  []Head    // sorted by chain
	Sig    []byte    // Ed25519 over signed()
}

// Head returns the checkpoint's head of chain.
func (c *Checkpoint) Head(chain string) (Head, bool) {
	i, ok := slices.BinarySearchFunc(c.Heads, chain, func(h Head, chain string) int { return strings.Compare(h.Chain, chain) })
	if !ok {
		return Head{}, false
	}
	return c.Heads[i], true
}

// headTime is the time of a head as encoded: "" for an empty chain.
func headTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return encodeTime(t)
}

// signed is the byte encoding the signature covers: a label, then every
// field length-prefixed in fixed order, the heads as a count and their
// fields.
func (c *Checkpoint) signed() []byte {
	b := appendLP(nil, labelCheckpoint)
	b = appendLP(b, encodeTime(c.At))
	b = appendLP(b, c.Writer)
	b = appendLP(b, c.Prev)
	b = binary.BigEndian.AppendUint32(b, uint32(len(c.Heads)))
	for _, h := range c.Heads {
		b = appendLP(b, h.Chain)
		b = appendLP(b, strconv.FormatInt(h.Seq, 10))
		b = appendLP(b, h.Hash)
		b = appendLP(b, headTime(h.At))
	}
	return b
}

// Sign sets the signature.
func (c *Checkpoint) Sign(k *crypto.AuditKeys) { c.Sig = k.SignCheckpoint(c.signed()) }

// Verify reports whether the signature is pub's over the checkpoint.
func (c *Checkpoint) Verify(pub ed25519.PublicKey) bool {
	return len(c.Sig) == ed25519.SignatureSize && ed25519.Verify(pub, c.signed(), c.Sig)
}

type checkpointJSON struct {
	Version int        `json:"version"`
	At      string     `json:"at"`
	Writer  string     `json:"writer"`
	Prev    string     `json:"prev"`
	Heads   []headJSON `json:"heads"`
	Sig     string     `json:"sig"` // standard base64
}

type headJSON struct {
	Chain string `json:"chain"`
	Seq   int64  `json:"seq"`
	Hash  string `json:"hash"`
	At    string `json:"at,omitempty"`
}

// Marshal returns the checkpoint as one line of JSON (without the newline):
//
//	{"version":1,"at":"2026-11-30T12:00:00.000000Z","writer":"host:123","prev":"…","heads":[{"chain":"…","seq":42,"hash":"…","at":"…"}],"sig":"…"}
func (c *Checkpoint) Marshal() []byte {
	j := checkpointJSON{Version: checkpointVersion, At: encodeTime(c.At), Writer: c.Writer, Prev: c.Prev,
		Heads: make([]headJSON, len(c.Heads)), Sig: base64.StdEncoding.EncodeToString(c.Sig)}
	for i, h := range c.Heads {
		j.Heads[i] = headJSON{Chain: h.Chain, Seq: h.Seq, Hash: h.Hash, At: headTime(h.At)}
	}
	b, err := json.Marshal(j)
	if err != nil {
		panic("audit: marshal checkpoint: " + err.Error()) // strings and numbers always marshal
	}
	return b
}

// ParseCheckpoint reads one line written by Marshal. It refuses unknown
// fields and versions, times not in the written form, and heads that are
// not sorted by chain without repeats; it does not check the signature.
func ParseCheckpoint(line []byte) (Checkpoint, error) {
	var j checkpointJSON
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return Checkpoint{}, fmt.Errorf("not a checkpoint: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Checkpoint{}, errors.New("not a checkpoint: data after the JSON object")
	}
	if j.Version != checkpointVersion {
		return Checkpoint{}, fmt.Errorf("unknown checkpoint version %d", j.Version)
	}
	parse := func(s string) (time.Time, error) {
		t, err := time.Parse("2006-01-02T15:04:05.000000Z", s)
		if err != nil || encodeTime(t) != s {
			return time.Time{}, fmt.Errorf("time %q not in the checkpoint form", s)
		}
		return t, nil
	}
	c := Checkpoint{Writer: j.Writer, Prev: j.Prev, Heads: make([]Head, len(j.Heads))}
	var err error
	if c.At, err = parse(j.At); err != nil {
		return Checkpoint{}, err
	}
	for i, h := range j.Heads {
		if i > 0 && h.Chain <= j.Heads[i-1].Chain {
			return Checkpoint{}, errors.New("heads not sorted by chain")
		}
		if h.Seq < 0 {
			return Checkpoint{}, fmt.Errorf("head of chain %s malformed", h.Chain)
		}
		c.Heads[i] = Head{Chain: h.Chain, Seq: h.Seq, Hash: h.Hash}
		if h.At != "" {
			if c.Heads[i].At, err = parse(h.At); err != nil {
				return Checkpoint{}, err
			}
		}
	}
	if c.Sig, err = base64.StdEncoding.DecodeString(j.Sig); err != nil {
		return Checkpoint{}, errors.New("signature not base64")
	}
	return c, nil
}

// lineHash is what the next checkpoint's Prev holds.
func lineHash(line []byte) string {
	sum := sha256.Sum256(line)
	return hex.EncodeToString(sum[:])
}

// behind lists the chains of prev that next lacks or has fewer entries of:
// chains only grow, so each is a chain cut short or removed.
func behind(prev, next *Checkpoint) []string {
	var out []string
	for _, h := range prev.Heads {
		if n, ok := next.Head(h.Chain); !ok || n.Seq < h.Seq {
			out = append(out, h.Chain)
		}
	}
	return out
}

// CheckpointWriter appends signed checkpoints to a directory.
type CheckpointWriter struct {
	Dir    string
	Keys   *crypto.AuditKeys
	Writer string // host:pid
}

// Appended is what CheckpointWriter.Append did.
type Appended struct {
	Path string
	Line []byte // the line written, without its newline; nil when nothing was written
	// Behind lists the chains the new checkpoint has fewer entries of than
	// the one before it, or lacks: the log has been cut short. The
	// checkpoint is written all the same, as evidence.
	Behind []string
}

// Append writes a checkpoint of the heads that heads returns, taken at
// now, to the directory's checkpoint file: created 0600 in a directory
// created 0700, opened for appending only, locked against other processes
// while the previous line is read, the heads are taken and the new line is
// written, and synced to disk before Append returns. With unchanged set it
// writes nothing when the heads equal those of the file's last line.
//
// A file whose last line is incomplete (a crash during a write) is
// refused: the operator moves it aside, and a new file begins.
func (w *CheckpointWriter) Append(now time.Time, heads func() ([]Head, error), unchanged bool) (Appended, error) {
	res := Appended{Path: filepath.Join(w.Dir, CheckpointFileName)}
	if err := os.MkdirAll(w.Dir, 0o700); err != nil {
		return res, fmt.Errorf("checkpoint directory: %w", err)
	}
	_, statErr := os.Stat(res.Path)
	created := errors.Is(statErr, os.ErrNotExist)
	f, err := os.OpenFile(res.Path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return res, fmt.Errorf("checkpoint file: %w", err)
	}
	defer f.Close()
	if err := lockFile(f); err != nil {
		return res, fmt.Errorf("lock checkpoint file: %w", err)
	}
	defer unlockFile(f)
	last, err := lastLine(f)
	if err != nil {
		return res, fmt.Errorf("checkpoint file %s: %w", res.Path, err)
	}
	hs, err := heads()
	if err != nil {
		return res, err
	}
	hs = slices.Clone(hs)
	slices.SortFunc(hs, func(a, b Head) int { return strings.Compare(a.Chain, b.Chain) })
	cp := Checkpoint{At: now.UTC().Truncate(time.Microsecond), Writer: w.Writer, Heads: hs}
	if last != nil {
		cp.Prev = lineHash(last)
		if prev, err := ParseCheckpoint(last); err == nil {
			res.Behind = behind(&prev, &cp)
			if unchanged && slices.EqualFunc(prev.Heads, hs, func(a, b Head) bool {
				return a.Chain == b.Chain && a.Seq == b.Seq && a.Hash == b.Hash
			}) {
				return res, nil
			}
		}
	}
	cp.Sign(w.Keys)
	line := cp.Marshal()
	if _, err := f.Write(append(line, '\n')); err != nil {
		return res, fmt.Errorf("write checkpoint: %w", err)
	}
	if err := f.Sync(); err != nil {
		return res, fmt.Errorf("sync checkpoint: %w", err)
	}
	if created {
		// The new file's directory entry must be durable too.
		if d, err := os.Open(w.Dir); err == nil {
			_ = d.Sync()
			d.Close()
		}
	}
	res.Line = line
	return res, nil
}

// lastLine returns the file's last line without its newline, nil for an
// empty file, and an error when the file does not end with a newline.
func lastLine(f *os.File) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, nil
	}
	end := make([]byte, 1)
	if _, err := f.ReadAt(end, size-1); err != nil {
		return nil, err
	}
	if end[0] != '\n' {
		return nil, errors.New("the last line is incomplete (move the file aside to begin a new one)")
	}
	// Read backwards in chunks until the newline before the last line.
	const chunk = 64 << 10
	var line []byte
	for pos := size - 1; pos > 0; {
		n := min(int64(chunk), pos)
		buf := make([]byte, n)
		if _, err := f.ReadAt(buf, pos-n); err != nil {
			return nil, err
		}
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			return append(buf[i+1:], line...), nil
		}
		line = append(buf, line...)
		pos -= n
	}
	return line, nil
}

// CheckpointProblem is a line of a checkpoint file that does not verify.
type CheckpointProblem struct {
	Line   int
	Reason string
}

func (p CheckpointProblem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// CheckpointLog is a verified checkpoint file.
type CheckpointLog struct {
	Path  string
	Lines int
	// Latest is the last line that verified (nil when none did): every
	// chain in the database must reach it.
	Latest *Checkpoint
	// Problems lists what does not verify, first problem first. Reading
	// stops at a line that is malformed, forged or unlinked; a chain
	// behind the line before it is noted and reading goes on.
	Problems []CheckpointProblem
}

// maxCheckpointLine bounds one line (about 100 bytes per chain).
const maxCheckpointLine = 64 << 20

// ReadCheckpoints reads and verifies a checkpoint file: every line is a
// checkpoint signed with pub, the first links to nothing and every other
// one to the line before it (so a line removed from the middle or the
// start is detected; lines removed from the end are not, which is why
// checkpoints are also shipped off the machine), and no chain is behind
// the line before. A missing file is an error wrapping os.ErrNotExist.
func ReadCheckpoints(path string, pub ed25519.PublicKey) (CheckpointLog, error) {
	log := CheckpointLog{Path: path}
	f, err := os.Open(path)
	if err != nil {
		return log, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxCheckpointLine)
	var prevLine []byte
	for sc.Scan() {
		log.Lines++
		line := sc.Bytes()
		problem := func(format string, args ...any) {
			log.Problems = append(log.Problems, CheckpointProblem{Line: log.Lines, Reason: fmt.Sprintf(format, args...)})
		}
		cp, err := ParseCheckpoint(line)
		if err != nil {
			problem("%v", err)
			return log, nil
		}
		if !cp.Verify(pub) {
			problem("signature does not verify (line forged or altered, or signed with another key ring)")
			return log, nil
		}
		want := ""
		if prevLine != nil {
			want = lineHash(prevLine)
		}
		if cp.Prev != want {
			if prevLine == nil {
				problem("the first line links to a line before it that is not there (lines removed from the start)")
			} else {
				problem("does not link to the line before it (a line removed or altered)")
			}
			return log, nil
		}
		if log.Latest != nil {
			for _, chain := range behind(log.Latest, &cp) {
				problem("chain %s has fewer entries than in the checkpoint before (access log cut short)", chain)
			}
		}
		log.Latest = &cp
		prevLine = append(prevLine[:0], line...)
	}
	if err := sc.Err(); err != nil {
		return log, fmt.Errorf("read checkpoint file %s: %w", path, err)
	}
	return log, nil
}
