package disclosure

import (
	"encoding/json"
	"testing"
	"time"

	"koto/internal/apperr"
)

func TestItemKeys(t *testing.T) {
	want := `["names","birthDateAndPlace","hetu","motherTongue","serviceLanguage","citizenship","residence","contact","official","plan","trainingRecommendation","initialLanguageTest","priorEducation","priorOccupation","targetOccupation","earlierStudyPlan","continuationMeasures","otherNecessary"]`
	got, _ := json.Marshal(ItemKeys)
	if string(got) != want {
		t.Errorf("ItemKeys = %s", got)
	}
}

func TestSeal(t *testing.T) {
	type pkg struct {
		Names string  `json:"names"`
		Hetu  *string `json:"hetu"`
		Plan  string  `json:"plan"`
	}
	tests := []struct {
		name    string
		content any
		want    string
		wantErr bool
	}{
		{"struct keys sorted", pkg{Names: "Aino <Testi>", Plan: "2025 & 2026"}, `{"hetu":null,"names":"Aino <Testi>","plan":"2025 & 2026"}`, false},
		{"map", map[string]any{"b": 1, "a": []int{2, 1}}, `{"a":[2,1],"b":1}`, false},
		{"raw JSON canonicalised", json.RawMessage("{ \"b\" : 1.50, \"a\" : {\"d\":1,\"c\":2} }"), `{"a":{"c":2,"d":1},"b":1.50}`, false},
		{"bytes", []byte(`["x"]`), `["x"]`, false},
		{"not JSON", []byte(`{`), "", true},
		{"trailing data", []byte(`{} {}`), "", true},
		{"unmarshalable", func() {}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, h, err := Seal(tt.content)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err %v", err)
			}
			if tt.wantErr {
				return
			}
			if string(b) != tt.want || h != Hash([]byte(tt.want)) || len(h) != len(HashPrefix)+64 {
				t.Errorf("Seal = %s %s, want %s", b, h, tt.want)
			}
			// Sealing the result again changes nothing.
			b2, h2, _ := Seal(b)
			if string(b2) != string(b) || h2 != h {
				t.Errorf("not idempotent: %s", b2)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	content, hash, _ := Seal(map[string]string{"names": "x"})
	ok := Disclosure{ID: "d", OrgID: "o", ClientID: "c", Kind: KindProvider, RecipientOrgID: "p", Basis: BasisIntegrationAct86,
		Items: []string{"names"}, Content: content, ContentHash: hash, Channel: ChannelKoto, DisclosedBy: "u", CreatedAt: time.Now()}
	tests := []struct {
		name  string
		edit  func(d *Disclosure)
		valid bool
		want  apperr.Kind
	}{
		{"valid", func(d *Disclosure) {}, true, 0},
		{"authority by law", func(d *Disclosure) {
			d.Kind, d.RecipientOrgID, d.Recipient, d.Basis, d.BasisDetail, d.Items = KindAuthority, "", "Poliisi", BasisLaw, "301/2004 105 §", []string{"permit"}
		}, true, 0},
		{"law without provision", func(d *Disclosure) { d.Basis = BasisLaw }, false, apperr.Invalid},
		{"consent without consent", func(d *Disclosure) { d.Basis = BasisConsent }, false, apperr.Invalid},
		{"unknown kind", func(d *Disclosure) { d.Kind = "gossip" }, false, apperr.Invalid},
		{"unknown basis", func(d *Disclosure) { d.Basis = "curiosity" }, false, apperr.Invalid},
		{"no recipient", func(d *Disclosure) { d.RecipientOrgID = "" }, false, apperr.Invalid},
		{"unknown channel", func(d *Disclosure) { d.Channel = "fax" }, false, apperr.Invalid},
		{"no items", func(d *Disclosure) { d.Items = nil }, false, apperr.Invalid},
		{"provider item outside the package", func(d *Disclosure) { d.Items = []string{"names", "health"} }, false, apperr.Internal},
		{"hash mismatch", func(d *Disclosure) { d.Content = []byte(`{"names":"y"}`) }, false, apperr.Internal},
		{"no content", func(d *Disclosure) { d.Content = nil }, false, apperr.Internal},
		{"no user", func(d *Disclosure) { d.DisclosedBy = "" }, false, apperr.Internal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.edit(&d)
			err := d.Validate()
			if tt.valid && err != nil || !tt.valid && (err == nil || apperr.KindOf(err) != tt.want) {
				t.Errorf("Validate = %v, want kind %q", err, tt.want)
			}
		})
	}
}
