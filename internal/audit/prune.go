package audit

import (
	"crypto/ed25519"
	"encoding/binary"
	"strconv"
	"time"

	"koto/internal/crypto"
)

// labelPrune starts the signed encoding of a prune checkpoint.
const labelPrune = "koto/audit-prune/v1"

// Prune is a signed prune checkpoint (ADR 41): the retention engine
// deleted the oldest entries of Chain, through sequence Seq whose hash was
// Hash, closing the calendar years up to and including Year; Count entries
// went in that run. Verification then starts the chain after it: the first
// remaining entry must have sequence Seq+1 and previous hash Hash. The
// signature (the checkpoint key, Ed25519) means that a database writer
// without the key can neither delete further entries and move the
// checkpoint along, nor invent a checkpoint for a deletion of their own.
type Prune struct {
	ID    string
	Chain string
	Seq   int64
	Hash  string
	Year  int // the last calendar year whose entries were deleted
	Count int64
	At    time.Time
	Sig   []byte
}

// signed is the byte encoding the signature covers.
func (p *Prune) signed() []byte {
	b := appendLP(nil, labelPrune)
	b = appendLP(b, p.ID)
	b = appendLP(b, p.Chain)
	b = appendLP(b, strconv.FormatInt(p.Seq, 10))
	b = appendLP(b, p.Hash)
	b = binary.BigEndian.AppendUint32(b, uint32(p.Year))
	b = appendLP(b, strconv.FormatInt(p.Count, 10))
	b = appendLP(b, encodeTime(p.At))
	return b
}

// Sign sets the signature with the checkpoint key.
func (p *Prune) Sign(k *crypto.AuditKeys) { p.Sig = k.SignCheckpoint(p.signed()) }

// Verify reports whether the signature is pub's over the prune checkpoint.
func (p *Prune) Verify(pub ed25519.PublicKey) bool {
	return len(p.Sig) == ed25519.SignatureSize && ed25519.Verify(pub, p.signed(), p.Sig)
}

// StartAfter makes the verifier begin the chain after a verified prune
// checkpoint: the next entry must be p.Seq+1 and link to p.Hash.
func (v *Verifier) StartAfter(p Prune) {
	v.wantSeq, v.prevHash = p.Seq+1, p.Hash
	v.start = p.Seq
	v.keyed = true // only a keyed Koto prunes
}
