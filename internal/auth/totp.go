package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// TOTP parameters (RFC 6238 with the defaults every authenticator app
// understands): HMAC-SHA1, 30-second steps, 6 digits. A code is accepted
// for the current step and one step either side, to allow for clock drift
// and typing time; each step is accepted at most once (replay refused).
const (
	totpPeriod  = 30
	totpDigits  = 6
	totpSkew    = 1
	totpKeySize = 20 // 160 bits, the size RFC 4226 recommends for SHA-1
)

// b32 is the secret's text form: RFC 4648 base32 without padding, as the
// otpauth URI and the apps expect.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// newTOTPKey returns a random TOTP key.
func newTOTPKey() []byte {
	k := make([]byte, totpKeySize)
	if _, err := rand.Read(k); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return k
}

// TOTPStep returns the time step of t.
func TOTPStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// TOTPCode computes the code of key for step with digits digits and the
// HMAC hash sha1 (RFC 4226 dynamic truncation).
func TOTPCode(key []byte, step int64, digits int) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(step))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for i := 0; i < digits; i++ {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, bin%mod)
}

// matchTOTP returns the step within ±totpSkew of now whose code equals
// code and is later than lastStep, or 0 when none does. Every candidate is
// compared, in constant time, so timing tells nothing about which step
// matched.
func matchTOTP(key []byte, code string, now time.Time, lastStep int64) int64 {
	code = normaliseCode(code)
	if len(code) != totpDigits {
		return 0
	}
	cur := TOTPStep(now)
	var found int64
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if subtle.ConstantTimeCompare([]byte(TOTPCode(key, s, totpDigits)), []byte(code)) == 1 && s > lastStep && found == 0 {
			found = s
		}
	}
	return found
}

// normaliseCode drops the spaces and dashes people type into codes and
// lower-cases recovery codes.
func normaliseCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// TOTPURI is the otpauth:// URI an authenticator app reads (usually as a
// QR code): the issuer "Koto" and the account name.
func TOTPURI(secret, account string) string {
	v := url.Values{}
	v.Set("secret", secret)
	v.Set("issuer", "Koto")
	v.Set("algorithm", "SHA1")
	v.Set("digits", fmt.Sprint(totpDigits))
	v.Set("period", fmt.Sprint(totpPeriod))
	return "otpauth://totp/" + url.PathEscape("Koto:"+account) + "?" + v.Encode()
}

// RecoveryCodeCount is how many single-use recovery codes a user gets.
const RecoveryCodeCount = 10

// newRecoveryCodes returns fresh recovery codes as shown to the user
// (xxxx-xxxx-xxxx-xxxx, 80 bits each).
func newRecoveryCodes() []string {
	out := make([]string, RecoveryCodeCount)
	for i := range out {
		t := strings.ToLower(rand.Text()[:16])
		out[i] = t[0:4] + "-" + t[4:8] + "-" + t[8:12] + "-" + t[12:16]
	}
	return out
}

// hashRecoveryCode is the stored form of a recovery code. The codes carry
// 80 random bits, so a fast hash suffices; the user id makes equal codes of
// different users hash differently.
func hashRecoveryCode(userID, code string) string {
	sum := sha256.Sum256([]byte("koto-recovery\x00" + userID + "\x00" + normaliseCode(code)))
	return hex.EncodeToString(sum[:])
}
