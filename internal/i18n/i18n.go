// Package i18n holds the message catalogs of the staff UI and the API:
// Finnish (default), Swedish and English. Catalogs are JSON files embedded in
// the binary, one file per area and language (catalog/<lang>/<area>.json),
// so teams add keys without touching each other's files. A test checks that
// every language has every key with the same placeholders.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Languages of the staff UI, default first.
var Languages = []string{"fi", "sv", "en"}

// Default is the language used when nothing else is asked for.
const Default = "fi"

//go:embed catalog
var files embed.FS

// Catalog maps a language to its messages.
type Catalog struct {
	messages map[string]map[string]string
}

// Load reads the embedded catalogs.
func Load() (*Catalog, error) { return LoadFS(files) }

// MustLoad is Load for program start-up, where a broken catalog is a bug.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

// LoadFS reads catalogs from fsys (catalog/<lang>/*.json).
func LoadFS(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{messages: map[string]map[string]string{}}
	for _, lang := range Languages {
		msgs := map[string]string{}
		paths, err := fs.Glob(fsys, path.Join("catalog", lang, "*.json"))
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", p, err)
			}
			for k, v := range m {
				if _, dup := msgs[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q defined twice", p, k)
				}
				msgs[k] = v
			}
		}
		c.messages[lang] = msgs
	}
	return c, nil
}

// Keys returns the sorted keys of a language.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.messages[lang]))
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Printer translates for one language.
type Printer struct {
	Lang string
	msgs map[string]string
	def  map[string]string
}

// Printer returns the printer of lang, or of the default language.
func (c *Catalog) Printer(lang string) *Printer {
	m, ok := c.messages[lang]
	if !ok {
		lang, m = Default, c.messages[Default]
	}
	return &Printer{Lang: lang, msgs: m, def: c.messages[Default]}
}

// Match picks the best supported language from an Accept-Language header.
func Match(acceptLanguage string) string {
	best, bestQ := Default, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		tag, q := part, 1.0
		if i := strings.Index(part, ";"); i >= 0 {
			tag = strings.TrimSpace(part[:i])
			if _, err := fmt.Sscanf(strings.TrimSpace(part[i+1:]), "q=%g", &q); err != nil {
				q = 0
			}
		}
		base := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		for _, l := range Languages {
			if l == base && q > bestQ {
				best, bestQ = l, q
			}
		}
	}
	return best
}

// Supported reports whether lang is a staff UI language.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// T translates key, filling %v-style placeholders with args. A missing key
// falls back to the default language and then to the key itself, so a gap
// is visible but never breaks a page.
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.msgs[key]
	if !ok {
		if msg, ok = p.def[key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Has reports whether the key exists in the printer's language.
func (p *Printer) Has(key string) bool {
	_, ok := p.msgs[key]
	return ok
}
