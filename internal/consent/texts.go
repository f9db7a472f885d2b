package consent

import (
	"embed"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"
)

// The consent texts are versioned data: texts/<version>.json holds, for
// each type, what the client is asked to agree to in fi, sv and en. A
// consent records the version it was given under; a version is never
// changed once in use — a new wording is a new file, and the newest
// version becomes the current one.
//
//go:embed texts/*.json
var textFiles embed.FS

// Text is one version of the consent texts: by type, by language.
type Text struct {
	Version string
	ByType  map[string]map[string]string
}

// texts are the versions, oldest first (by version code, e.g. "2026-01").
var texts = loadTexts()

func loadTexts() []Text {
	entries, err := textFiles.ReadDir("texts")
	if err != nil {
		panic(err)
	}
	var out []Text
	for _, e := range entries {
		b, err := textFiles.ReadFile(path.Join("texts", e.Name()))
		if err != nil {
			panic(err)
		}
		t := Text{Version: strings.TrimSuffix(e.Name(), ".json")}
		if err := json.Unmarshal(b, &t.ByType); err != nil {
			panic(fmt.Sprintf("consent text %s: %v", e.Name(), err))
		}
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Text) int { return strings.Compare(a.Version, b.Version) })
	return out
}

// Versions lists the text versions, oldest first.
func Versions() []string {
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = t.Version
	}
	return out
}

// CurrentVersion is the version new consents are given under by default.
func CurrentVersion() string { return texts[len(texts)-1].Version }

// TextOf returns the texts of version.
func TextOf(version string) (Text, bool) {
	for _, t := range texts {
		if t.Version == version {
			return t, true
		}
	}
	return Text{}, false
}

// Wording is the text of consent type typ in version, in lang (fi, sv or
// en; Finnish when the language has none); "" when unknown.
func Wording(version, typ, lang string) string {
	t, ok := TextOf(version)
	if !ok {
		return ""
	}
	if s := t.ByType[typ][lang]; s != "" {
		return s
	}
	return t.ByType[typ]["fi"]
}
