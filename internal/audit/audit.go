// Package audit defines the access log (käyttöloki, tiedonhallintalaki 17 §):
// one entry for every view, search, create, update and export of client data
// and every administrative action, written in the same transaction as the
// operation it records. Entries of one chain (one organisation) are linked by
// SHA-256 hashes over a canonical byte encoding, so altering, deleting or
// reordering an entry breaks the chain and Verify names the first broken link.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
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
	Shown     []string
	Result    Result
	Channel   string
	RequestID string
	PrevHash  string // hex; "" for the first entry
	Hash      string // hex SHA-256 of Canonical(); "" until sealed
}

// Sealed reports whether the entry has been chained.
func (e Entry) Sealed() bool { return e.Hash != "" }

const encodingVersion = 1

// Canonical returns the byte encoding that is hashed: a version byte then
// every field as a length-prefixed UTF-8 string in fixed order, so no two
// different entries share an encoding. The time is fixed to UTC microseconds
// because both database engines keep microsecond precision.
func (e Entry) Canonical() []byte {
	fields := []string{
		e.ID,
		e.Chain,
		fmt.Sprint(e.Seq),
		e.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
		e.UserID, e.Username, e.OrgID, e.Roles, e.Action, e.ClientID, e.Touched,
		string(e.Result), e.Channel, e.RequestID, e.PrevHash,
	}
	n := 1
	for _, f := range fields {
		n += 4 + len(f)
	}
	b := make([]byte, 0, n)
	b = append(b, encodingVersion)
	for _, f := range fields {
		b = binary.BigEndian.AppendUint32(b, uint32(len(f)))
		b = append(b, f...)
	}
	return b
}

// ComputeHash returns the hex hash of the entry's canonical encoding.
func (e Entry) ComputeHash() string {
	sum := sha256.Sum256(e.Canonical())
	return hex.EncodeToString(sum[:])
}

// Seal sets Seq, PrevHash and Hash given the chain's previous head. The time
// is truncated to microseconds first so the stored value hashes the same.
func (e *Entry) Seal(seq int64, prevHash string) {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Seq = seq
	e.PrevHash = prevHash
	e.Hash = e.ComputeHash()
}

// Break describes the first broken link of a chain.
type Break struct {
	Chain  string
	Seq    int64 // the sequence number at which the chain breaks
	Reason string
}

func (b Break) String() string {
	return fmt.Sprintf("chain %s broken at entry %d: %s", b.Chain, b.Seq, b.Reason)
}

// Verifier checks one chain entry by entry, in stored sequence order.
type Verifier struct {
	chain    string
	wantSeq  int64
	prevHash string
	broken   *Break
}

// NewVerifier starts verifying chain from its first entry.
func NewVerifier(chain string) *Verifier { return &Verifier{chain: chain, wantSeq: 1} }

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
	case e.ComputeHash() != e.Hash:
		fail("entry content does not match its hash (entry altered)")
	default:
		v.prevHash = e.Hash
		v.wantSeq++
	}
}

// End checks the chain head recorded separately (the last sequence and hash)
// against what was read, so removing the newest entries is detected too.
func (v *Verifier) End(headSeq int64, headHash string) *Break {
	if v.broken != nil {
		return v.broken
	}
	if headSeq != v.wantSeq-1 || headHash != v.prevHash {
		return &Break{Chain: v.chain, Seq: v.wantSeq, Reason: fmt.Sprintf("chain head says %d entries, found %d (newest entries removed or head altered)", headSeq, v.wantSeq-1)}
	}
	return nil
}

// Count is the number of entries verified so far.
func (v *Verifier) Count() int64 { return v.wantSeq - 1 }
