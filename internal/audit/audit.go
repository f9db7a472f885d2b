// Package audit defines the access log (käyttöloki, tiedonhallintalaki 17 §):
// one entry for every view, search, create, update and export of client data
// and every administrative action, written in the same transaction as the
// operation it records.
//
// The log is tamper-evident even to someone who can write the database
// (ADR 4, ADR 12): every entry carries a MAC of its content under a key from
// the key ring, set when it is written; entries of one chain (one
// organisation) are linked by keyed hashes (HMAC-SHA256) over a canonical
// byte encoding, so altering, deleting or reordering an entry breaks the
// chain and Verifier names the first broken link; and signed checkpoints of
// every chain head, kept outside the database (checkpoint.go), reveal a
// chain cut short or removed as a whole.
package audit

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"time"

	"koto/internal/crypto"
)

// Result of the attempt an entry records.
type Result string

const (
	Allowed Result = "allowed"
	Denied  Result = "denied"
)

// SystemChain is the chain for actions without an organisation (CLI
// administration of organisations, failed logins of unknown users).
const SystemChain = "_system"

// SealDelay bounds how long after its time an entry may be chained. An
// entry is chained when its transaction has committed (at once on SQLite,
// by a server's sealer within a second on PostgreSQL), and its time is the
// start of its transaction, so a chain's times may step back by as much as
// a transaction lasts. Verification accepts that much and no more, and an
// entry left unsealed longer than this is reported.
const SealDelay = 15 * time.Minute

// Encoding versions of entries.
const (
	// Version1 entries (written before keyed chains) are hashed with plain
	// SHA-256 and carry no MAC; they are accepted only at the start of a
	// chain, before its first Version2 entry.
	Version1 = 1
	// Version2 entries carry a keyed MAC and a keyed chain hash, and their
	// encoding covers Via and Shown.
	Version2 = 2
)

// Entry is one access-log record. It never holds a HETU or other content:
// the client is named by its internal id and Touched says which parts of the
// record were involved ("card", "permits", "fields:lastName,phone").
type Entry struct {
	ID       string // random, set when the entry is written
	Chain    string // organisation id, or SystemChain
	Seq      int64  // position in the chain from 1; 0 until the entry is sealed
	At       time.Time
	UserID   string
	Username string
	OrgID    string
	// Via is the code of the user's home organisation when the user acted
	// for another (an employment area for a municipality it covers).
	Via      string
	Roles    string
	Action   string
	ClientID string
	Touched  string
	// Shown lists the clients a search or list showed: the entry is then
	// an appearance of each of them, found in each client's own log.
	// Authenticate sorts it and removes duplicates.
	Shown     []string
	Result    Result
	Channel   string
	RequestID string
	Version   int    // encoding version; Authenticate sets Version2
	MAC       string // hex HMAC of Content() under the entry key; "" for Version1
	PrevHash  string // hex; "" for the first entry
	Hash      string // hex keyed hash of Canonical(); "" until sealed
}

// Sealed reports whether the entry has been chained.
func (e Entry) Sealed() bool { return e.Hash != "" }

// Authenticate prepares a new entry for writing: its time in UTC
// microseconds (both database engines keep that), Shown sorted without
// duplicates, Version2 and the MAC of its content. Shown ids must be Koto
// ids — lower-case letters and digits — as the store keeps them
// comma-separated and indexes them as words.
func (e *Entry) Authenticate(k *crypto.AuditKeys) error {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if len(e.Shown) > 0 {
		shown := slices.Clone(e.Shown)
		slices.Sort(shown)
		e.Shown = slices.Compact(shown)
		for _, id := range e.Shown {
			if !isID(id) {
				return fmt.Errorf("audit: invalid shown client id %q", id)
			}
		}
	}
	e.Version = Version2
	e.MAC = hex.EncodeToString(k.EntryMAC(e.Content()))
	return nil
}

// isID reports whether s is a non-empty string of lower-case ASCII letters
// and digits, as every Koto id is.
func isID(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

// ValidMAC reports whether e is a Version2 entry whose MAC matches its
// content: it was written by Koto with the key and not changed since.
func (e Entry) ValidMAC(k *crypto.AuditKeys) bool {
	if e.Version != Version2 {
		return false
	}
	mac, err := hex.DecodeString(e.MAC)
	return err == nil && hmac.Equal(mac, k.EntryMAC(e.Content()))
}

// Seal sets Seq, PrevHash and Hash given the chain's previous head. The
// entry must have been authenticated.
func (e *Entry) Seal(k *crypto.AuditKeys, seq int64, prevHash string) {
	e.Seq = seq
	e.PrevHash = prevHash
	e.Hash = e.ComputeHash(k)
}

// ComputeHash returns the hex chain hash of the entry under its version's
// rule: HMAC-SHA256 of Canonical() with the chain key for Version2, plain
// SHA-256 of CanonicalV1() for Version1, and "" for any other version.
func (e Entry) ComputeHash(k *crypto.AuditKeys) string {
	switch e.Version {
	case Version2:
		return hex.EncodeToString(k.ChainMAC(e.Canonical()))
	case Version1:
		sum := sha256.Sum256(e.CanonicalV1())
		return hex.EncodeToString(sum[:])
	}
	return ""
}

// encodeTime is the time as every encoding writes it.
func encodeTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

// Content returns the Version2 encoding of what an entry records — every
// field except its place in the chain (Seq, PrevHash) — which the MAC
// covers: the version byte, then every field as a length-prefixed UTF-8
// string in fixed order, Shown as a count and its sorted ids, so no two
// different entries share an encoding.
func (e Entry) Content() []byte {
	fields := [...]string{
		e.ID, e.Chain, encodeTime(e.At),
		e.UserID, e.Username, e.OrgID, e.Via, e.Roles, e.Action, e.ClientID, e.Touched,
		string(e.Result), e.Channel, e.RequestID,
	}
	n := 1 + 4
	for _, f := range fields {
		n += 4 + len(f)
	}
	for _, s := range e.Shown {
		n += 4 + len(s)
	}
	b := make([]byte, 0, n+64)
	b = append(b, Version2)
	for _, f := range fields {
		b = appendLP(b, f)
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Shown)))
	for _, s := range e.Shown {
		b = appendLP(b, s)
	}
	return b
}

// Canonical returns the Version2 encoding the chain hash covers: Content
// followed by the sequence number and the previous entry's hash.
func (e Entry) Canonical() []byte {
	b := e.Content()
	b = appendLP(b, strconv.FormatInt(e.Seq, 10))
	return appendLP(b, e.PrevHash)
}

// CanonicalV1 returns the encoding of Version1 entries, which has no Via,
// Shown or MAC.
func (e Entry) CanonicalV1() []byte {
	fields := []string{
		e.ID,
		e.Chain,
		strconv.FormatInt(e.Seq, 10),
		encodeTime(e.At),
		e.UserID, e.Username, e.OrgID, e.Roles, e.Action, e.ClientID, e.Touched,
		string(e.Result), e.Channel, e.RequestID, e.PrevHash,
	}
	b := []byte{Version1}
	for _, f := range fields {
		b = appendLP(b, f)
	}
	return b
}

func appendLP(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// Break describes the first broken link of a chain, or another problem
// with the log (Seq 0 when it is not at an entry).
type Break struct {
	Chain  string
	Seq    int64 // the sequence number at which the chain breaks
	Reason string
}

func (b Break) String() string {
	if b.Seq == 0 {
		return fmt.Sprintf("chain %s: %s", b.Chain, b.Reason)
	}
	return fmt.Sprintf("chain %s broken at entry %d: %s", b.Chain, b.Seq, b.Reason)
}

// Verifier checks one chain entry by entry, in stored sequence order.
type Verifier struct {
	keys     *crypto.AuditKeys
	chain    string
	wantSeq  int64
	prevHash string
	keyed    bool      // a Version2 entry was seen: every later one must be too
	latest   time.Time // the latest entry time so far
	cp       *Head     // the chain in the latest checkpoint, if checked against one
	cpAt     time.Time // when that checkpoint was written
	start    int64     // entries through this sequence were pruned (StartAfter)
	broken   *Break
}

// NewVerifier starts verifying chain from its first entry.
func NewVerifier(k *crypto.AuditKeys, chain string) *Verifier {
	return &Verifier{keys: k, chain: chain, wantSeq: 1}
}

// Checkpoint makes the verifier check the chain against its head h in the
// latest checkpoint: the chain must reach h.Seq, its entry there must have
// h.Hash, and every entry after it must be Version2 (checkpoints are
// written only by a Koto that writes Version2 entries). For a chain the
// checkpoint does not list — made after it — pass Head{Chain: chain}. at
// is the checkpoint's time, for messages.
func (v *Verifier) Checkpoint(h Head, at time.Time) { v.cp, v.cpAt = &h, at }

// Next checks the next stored entry. After the first break it does nothing.
func (v *Verifier) Next(e Entry) {
	if v.broken != nil {
		return
	}
	fail := func(reason string) { v.broken = &Break{Chain: v.chain, Seq: v.wantSeq, Reason: reason} }
	switch {
	case e.Chain != v.chain:
		fail("entry belongs to another chain")
	case e.Seq != v.wantSeq:
		fail(fmt.Sprintf("expected sequence %d, found %d (entry missing or reordered)", v.wantSeq, e.Seq))
	case e.PrevHash != v.prevHash:
		fail("previous-hash link does not match the preceding entry (entry deleted, inserted or reordered)")
	case e.Version != Version1 && e.Version != Version2:
		fail(fmt.Sprintf("unknown encoding version %d", e.Version))
	case e.Version == Version1 && v.keyed:
		fail("unkeyed (version 1) entry after a keyed one (chain rewritten without the key)")
	case e.Version == Version1 && v.cp != nil && e.Seq > v.cp.Seq:
		fail("unkeyed (version 1) entry after the latest checkpoint (chain rewritten without the key)")
	case e.Version == Version1 && (e.Via != "" || len(e.Shown) > 0 || e.MAC != ""):
		fail("unkeyed (version 1) entry with fields its encoding does not cover")
	case e.ComputeHash(v.keys) != e.Hash:
		fail("entry content does not match its keyed hash (entry altered, or hashed without the key)")
	case e.Version == Version2 && !e.ValidMAC(v.keys):
		fail("entry MAC does not verify (entry altered, or written without the key)")
	case e.At.Before(v.latest.Add(-SealDelay)):
		fail(fmt.Sprintf("entry time %s is more than %s before an earlier entry's %s (back-dated entry)",
			encodeTime(e.At), SealDelay, encodeTime(v.latest)))
	case v.cp != nil && e.Seq == v.cp.Seq && e.Hash != v.cp.Hash:
		fail(fmt.Sprintf("entry differs from the latest checkpoint (%s): chain rewritten", v.cpAt.Format(time.RFC3339)))
	default:
		v.prevHash = e.Hash
		v.wantSeq++
		v.keyed = v.keyed || e.Version == Version2
		if e.At.After(v.latest) {
			v.latest = e.At
		}
	}
}

// End checks the chain head recorded separately (the last sequence and
// hash) against what was read, so removing the newest entries is detected
// too, and the chain's length against the latest checkpoint, which also
// catches the newest entries removed together with the head rewound.
func (v *Verifier) End(headSeq int64, headHash string) *Break {
	if v.broken != nil {
		return v.broken
	}
	n := v.wantSeq - 1
	if headSeq != n || headHash != v.prevHash {
		return &Break{Chain: v.chain, Seq: v.wantSeq, Reason: fmt.Sprintf("chain head says %d entries, found %d (newest entries removed or head altered)", headSeq, n)}
	}
	if v.cp != nil && v.cp.Seq > n {
		return &Break{Chain: v.chain, Seq: v.wantSeq, Reason: fmt.Sprintf("the latest checkpoint (%s) has %d entries, the chain only %d (entries removed, head rewound)",
			v.cpAt.Format(time.RFC3339), v.cp.Seq, n)}
	}
	return nil
}

// Count is the number of entries verified so far (after a prune
// checkpoint, those remaining).
func (v *Verifier) Count() int64 { return v.wantSeq - 1 - v.start }
