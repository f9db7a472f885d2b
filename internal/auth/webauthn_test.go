package auth_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

const (
	testRPID   = "koto.example.fi"
	testOrigin = "https://koto.example.fi"
)

var b64 = base64.RawURLEncoding

// softKey is a software authenticator holding one ES256 credential, as a
// security key would (attestation "none").
type softKey struct {
	t      *testing.T
	id     []byte
	key    *ecdsa.PrivateKey
	origin string
	rpID   string
}

func newSoftKey(t *testing.T) *softKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	id := make([]byte, 32)
	_, _ = rand.Read(id)
	return &softKey{t: t, id: id, key: key, origin: testOrigin, rpID: testRPID}
}

// Minimal CBOR (RFC 8949) for the attestation object and the COSE key.
func cborHead(major byte, n uint64) []byte {
	switch {
	case n < 24:
		return []byte{major<<5 | byte(n)}
	case n < 256:
		return []byte{major<<5 | 24, byte(n)}
	default:
		return []byte{major<<5 | 25, byte(n >> 8), byte(n)}
	}
}

func cborInt(v int) []byte {
	if v >= 0 {
		return cborHead(0, uint64(v))
	}
	return cborHead(1, uint64(-1-v))
}
func cborBytes(b []byte) []byte { return append(cborHead(2, uint64(len(b))), b...) }
func cborText(s string) []byte  { return append(cborHead(3, uint64(len(s))), s...) }

func (k *softKey) coseKey() []byte {
	x, y := make([]byte, 32), make([]byte, 32)
	k.key.PublicKey.X.FillBytes(x)
	k.key.PublicKey.Y.FillBytes(y)
	var b []byte
	b = append(b, cborHead(5, 5)...)
	b = append(append(b, cborInt(1)...), cborInt(2)...)    // kty: EC2
	b = append(append(b, cborInt(3)...), cborInt(-7)...)   // alg: ES256
	b = append(append(b, cborInt(-1)...), cborInt(1)...)   // crv: P-256
	b = append(append(b, cborInt(-2)...), cborBytes(x)...) // x
	b = append(append(b, cborInt(-3)...), cborBytes(y)...) // y
	return b
}

// authData is rpIdHash || flags || signCount || attestedCredentialData.
func (k *softKey) authData(count uint32, attested bool) []byte {
	h := sha256.Sum256([]byte(k.rpID))
	b := append([]byte{}, h[:]...)
	flags := byte(0x01) // UP
	if attested {
		flags |= 0x40 // AT
	}
	b = append(b, flags)
	b = binary.BigEndian.AppendUint32(b, count)
	if attested {
		b = append(b, make([]byte, 16)...) // AAGUID
		b = binary.BigEndian.AppendUint16(b, uint16(len(k.id)))
		b = append(b, k.id...)
		b = append(b, k.coseKey()...)
	}
	return b
}

func (k *softKey) clientData(typ, challenge string) []byte {
	b, _ := json.Marshal(map[string]any{"type": typ, "challenge": challenge, "origin": k.origin, "crossOrigin": false})
	return b
}

func challengeOf(t *testing.T, options []byte) string {
	t.Helper()
	var o struct {
		PublicKey struct {
			Challenge string `json:"challenge"`
		} `json:"publicKey"`
	}
	if err := json.Unmarshal(options, &o); err != nil || o.PublicKey.Challenge == "" {
		t.Fatalf("options %s: %v", options, err)
	}
	return o.PublicKey.Challenge
}

// create answers navigator.credentials.create.
func (k *softKey) create(options []byte) []byte {
	cd := k.clientData("webauthn.create", challengeOf(k.t, options))
	var att []byte
	att = append(att, cborHead(5, 3)...)
	att = append(append(att, cborText("fmt")...), cborText("none")...)
	att = append(append(att, cborText("attStmt")...), cborHead(5, 0)...)
	att = append(append(att, cborText("authData")...), cborBytes(k.authData(0, true))...)
	b, _ := json.Marshal(map[string]any{"id": b64.EncodeToString(k.id), "rawId": b64.EncodeToString(k.id), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64.EncodeToString(cd), "attestationObject": b64.EncodeToString(att), "transports": []string{"usb"}}})
	return b
}

// get answers navigator.credentials.get with the signature counter count:
// the signature is over authData || SHA-256(clientDataJSON).
func (k *softKey) get(options []byte, count uint32) []byte {
	cd := k.clientData("webauthn.get", challengeOf(k.t, options))
	ad := k.authData(count, false)
	h := sha256.Sum256(cd)
	sum := sha256.Sum256(append(append([]byte{}, ad...), h[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, k.key, sum[:])
	if err != nil {
		k.t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"id": b64.EncodeToString(k.id), "rawId": b64.EncodeToString(k.id), "type": "public-key",
		"response": map[string]any{"clientDataJSON": b64.EncodeToString(cd), "authenticatorData": b64.EncodeToString(ad), "signature": b64.EncodeToString(sig)}})
	return b
}

func webAuthnService(t *testing.T, env *testenv.Env, required bool) *auth.Service {
	t.Helper()
	svc := withPolicy(env, required)
	if err := svc.EnableWebAuthn(auth.WebAuthnConfig{RPID: testRPID, Origins: []string{testOrigin}}); err != nil {
		t.Fatal(err)
	}
	return svc
}

// registerKey logs username in (no second factor yet) and registers k.
func registerKey(t *testing.T, svc *auth.Service, username string, k *softKey) (access.Actor, string) {
	t.Helper()
	secret, _, err := svc.Login(ctx, username, testenv.Password, "127.0.0.1", access.ChannelUI, "")
	if err != nil {
		t.Fatal(err)
	}
	actor, _, err := svc.Authenticate(ctx, secret, "")
	if err != nil {
		t.Fatal(err)
	}
	opts, err := svc.BeginWebAuthnRegistration(ctx, actor)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.FinishWebAuthnRegistration(ctx, actor, "Avain", k.create(opts), secret); err != nil {
		t.Fatalf("finish registration: %v", err)
	}
	if _, sess, err := svc.Authenticate(ctx, secret, ""); err != nil || sess.Pending != auth.StepNone {
		t.Fatalf("the registering session must count as verified: %v", err)
	}
	return actor, secret
}

// passwordLogin returns a session waiting for its second factor.
func passwordLogin(t *testing.T, svc *auth.Service, username string) string {
	t.Helper()
	p, u, err := svc.Login(ctx, username, testenv.Password, "127.0.0.1", access.ChannelUI, "")
	if err != nil || svc.StepAfterLogin(u) != auth.StepTOTP {
		t.Fatalf("login: %v %v", err, svc.StepAfterLogin(u))
	}
	return p
}

func keyLogin(t *testing.T, svc *auth.Service, pending string, k *softKey, count uint32) (string, error) {
	t.Helper()
	opts, err := svc.BeginWebAuthnLogin(ctx, pending, "")
	if err != nil {
		t.Fatalf("begin login: %v", err)
	}
	full, _, err := svc.FinishWebAuthnLogin(ctx, pending, k.get(opts, count), "")
	return full, err
}

func TestWebAuthnRegistrationAndLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		svc := webAuthnService(t, env, false)
		k := newSoftKey(t)
		actor, _ := registerKey(t, svc, "anna", k)

		keys, err := svc.WebAuthnKeys(ctx, actor)
		if err != nil || len(keys) != 1 || keys[0].Name != "Avain" || keys[0].ID != b64.EncodeToString(k.id) || len(keys[0].Transports) != 1 || keys[0].Transports[0] != "usb" {
			t.Fatalf("keys: %+v %v", keys, err)
		}

		// The password alone leaves the session waiting for the key.
		pending := passwordLogin(t, svc, "anna")
		if _, _, err := svc.SessionActor(ctx, pending, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("a session without its second factor gave access: %v", err)
		}
		if f, err := svc.PendingFactors(ctx, pending); err != nil || f.TOTP || !f.WebAuthn {
			t.Fatalf("factors: %+v %v", f, err)
		}
		// A TOTP code is no use to a user without TOTP.
		if _, _, err := svc.VerifySecondFactor(ctx, pending, "123456", ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("code without totp: %v", err)
		}
		full, err := keyLogin(t, svc, pending, k, 1)
		if err != nil || full == "" || full == pending {
			t.Fatalf("key login: %v", err)
		}
		if _, _, err := svc.SessionActor(ctx, full, ""); err != nil {
			t.Fatalf("verified session: %v", err)
		}
		if _, _, err := svc.SessionActor(ctx, pending, ""); err == nil {
			t.Fatal("the pending session secret must be replaced")
		}
		// A ceremony is finished once.
		pending = passwordLogin(t, svc, "anna")
		opts, err := svc.BeginWebAuthnLogin(ctx, pending, "")
		if err != nil {
			t.Fatal(err)
		}
		resp := k.get(opts, 2)
		next, _, err := svc.FinishWebAuthnLogin(ctx, pending, resp, "")
		if err != nil {
			t.Fatal(err)
		}
		pending = passwordLogin(t, svc, "anna")
		if _, _, err := svc.FinishWebAuthnLogin(ctx, pending, resp, ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("replayed assertion: %v", err)
		}
		// The access log has the registration and the logins.
		for action, want := range map[string]int{"auth.webauthn_register": 1, "auth.second_factor": 4} {
			var n int
			if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = '` + action + `'`).Scan(&n); err != nil || n != want {
				t.Errorf("%s entries: %d %v", action, n, err)
			}
		}

		// Removing the key turns the second factor off.
		actor, _, _ = svc.SessionActor(ctx, next, "")
		if err := svc.RemoveWebAuthn(ctx, actor, "nope", testenv.Password); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("remove unknown key: %v", err)
		}
		if err := svc.RemoveWebAuthn(ctx, actor, b64.EncodeToString(k.id), testenv.Password); err != nil {
			t.Fatal(err)
		}
		if _, u, _ := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, ""); svc.StepAfterLogin(u) != auth.StepNone {
			t.Error("second factor still asked after removing the key")
		}
	})
}

func TestWebAuthnRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		env.AddUser(t, "240", "bert", access.Caseworker)
		svc := webAuthnService(t, env, true)
		ka, kb := newSoftKey(t), newSoftKey(t)
		// Under the MFA rule a new user may register a key (enrolment).
		annaActor, annaSession := registerKey(t, svc, "anna", ka)
		registerKey(t, svc, "bert", kb)

		// The same key cannot be registered twice.
		opts, err := svc.BeginWebAuthnRegistration(ctx, annaActor)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.FinishWebAuthnRegistration(ctx, annaActor, "", ka.create(opts), annaSession); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("duplicate key: %v", err)
		}
		// Another origin is refused.
		evil := newSoftKey(t)
		evil.origin = "https://evil.example"
		opts, _ = svc.BeginWebAuthnRegistration(ctx, annaActor)
		if err := svc.FinishWebAuthnRegistration(ctx, annaActor, "", evil.create(opts), annaSession); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("other origin: %v", err)
		}
		// No ceremony begun.
		if err := svc.FinishWebAuthnRegistration(ctx, annaActor, "", evil.create(opts), annaSession); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("no ceremony: %v", err)
		}

		if _, err := keyLogin(t, svc, passwordLogin(t, svc, "anna"), ka, 5); err != nil {
			t.Fatal(err)
		}
		// Signature counter regression (a cloned key) is refused.
		for _, count := range []uint32{5, 3} {
			if _, err := keyLogin(t, svc, passwordLogin(t, svc, "anna"), ka, count); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("counter %d after 5: %v", count, err)
			}
		}
		if _, err := keyLogin(t, svc, passwordLogin(t, svc, "anna"), ka, 6); err != nil {
			t.Errorf("counter 6 after 5: %v", err)
		}
		// Another user's key is refused.
		if _, err := keyLogin(t, svc, passwordLogin(t, svc, "anna"), kb, 10); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("bert's key for anna: %v", err)
		}
		// A wrong signature is refused.
		forged := *ka
		forged.key = newSoftKey(t).key
		if _, err := keyLogin(t, svc, passwordLogin(t, svc, "anna"), &forged, 20); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("forged signature: %v", err)
		}
		var denied int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'auth.second_factor' AND result = 'denied'`).Scan(&denied); err != nil || denied < 4 {
			t.Errorf("denied second factors logged: %d %v", denied, err)
		}
		// Under the MFA rule the last key stays.
		if err := svc.RemoveWebAuthn(ctx, annaActor, b64.EncodeToString(ka.id), testenv.Password); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("removed the last required factor: %v", err)
		}
		// Without WebAuthn configured nothing of it is open.
		off := withPolicy(env, true)
		if _, err := off.BeginWebAuthnRegistration(ctx, annaActor); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("webauthn off: %v", err)
		}
	})
}
