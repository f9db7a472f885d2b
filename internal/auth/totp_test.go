package auth

import (
	"strings"
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA-1 rows (8 digits, key "12345678901234567890").
func TestTOTPVectors(t *testing.T) {
	key := []byte("12345678901234567890")
	for _, tc := range []struct {
		unix int64
		want string
	}{
		{59, "94287082"},
		{1111111109, "07081804"},
		{1111111111, "14050471"},
		{1234567890, "89005924"},
		{2000000000, "69279037"},
		{20000000000, "65353130"},
	} {
		if got := TOTPCode(key, TOTPStep(time.Unix(tc.unix, 0)), 8); got != tc.want {
			t.Errorf("T=%d: got %s, want %s", tc.unix, got, tc.want)
		}
	}
}

func TestMatchTOTP(t *testing.T) {
	key := []byte("12345678901234567890")
	now := time.Unix(1111111111, 0)
	cur := TOTPStep(now)
	code := func(step int64) string { return TOTPCode(key, step, 6) }
	for _, tc := range []struct {
		name     string
		code     string
		lastStep int64
		want     int64
	}{
		{"current step", code(cur), 0, cur},
		{"previous step (clock drift)", code(cur - 1), 0, cur - 1},
		{"next step", code(cur + 1), 0, cur + 1},
		{"two steps old", code(cur - 2), 0, 0},
		{"typed with a space", code(cur)[:3] + " " + code(cur)[3:], 0, cur},
		{"replay of the last step", code(cur), cur, 0},
		{"earlier than the last step", code(cur - 1), cur, 0},
		{"too short", code(cur)[:5], 0, 0},
		{"empty", "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchTOTP(key, tc.code, now, tc.lastStep); got != tc.want {
				t.Errorf("matchTOTP = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := newRecoveryCodes()
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 19 || seen[c] {
			t.Fatalf("bad or repeated code %q", c)
		}
		seen[c] = true
		if hashRecoveryCode("u1", c) != hashRecoveryCode("u1", strings.ToUpper(strings.ReplaceAll(c, "-", " "))) {
			t.Error("recovery code hash must ignore case, spaces and dashes")
		}
		if hashRecoveryCode("u1", c) == hashRecoveryCode("u2", c) {
			t.Error("the same code of two users must hash differently")
		}
	}
	if len(codes) != RecoveryCodeCount {
		t.Fatalf("%d codes", len(codes))
	}
}

func TestTOTPURI(t *testing.T) {
	got := TOTPURI("JBSWY3DPEHPK3PXP", "anna")
	if !strings.HasPrefix(got, "otpauth://totp/Koto:anna?") || !strings.Contains(got, "secret=JBSWY3DPEHPK3PXP") || !strings.Contains(got, "issuer=Koto") {
		t.Errorf("uri %s", got)
	}
}
