package access

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/permissions.md from access.Markdown()")

// permissionsDoc is docs/permissions.md, relative to this package.
var permissionsDoc = filepath.Join("..", "..", "docs", "permissions.md")

func TestPermissionsDoc(t *testing.T) {
	want := Markdown()
	if *update {
		if err := os.WriteFile(permissionsDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", permissionsDoc)
		return
	}
	got, err := os.ReadFile(permissionsDoc)
	if err != nil {
		t.Fatalf("%v\nGenerate it with: go test ./internal/access -run TestPermissionsDoc -update", err)
	}
	if string(got) != want {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(want, "\n")
		line := 0
		for line < len(gl) && line < len(wl) && gl[line] == wl[line] {
			line++
		}
		g, w := "(end of file)", "(end of file)"
		if line < len(gl) {
			g = gl[line]
		}
		if line < len(wl) {
			w = wl[line]
		}
		t.Errorf("docs/permissions.md is out of date with internal/access (rules.go, doc.go); first difference at line %d:\n"+
			"  file:      %s\n  generated: %s\n"+
			"Regenerate it with: go test ./internal/access -run TestPermissionsDoc -update", line+1, g, w)
	}
}

// Every role and every action must say what it is for: the page is only
// as good as these lines.
func TestEveryRoleAndActionDocumented(t *testing.T) {
	for _, r := range AllRoles {
		if strings.TrimSpace(RoleDocs[r]) == "" {
			t.Errorf("role %s has no entry in RoleDocs (doc.go)", r)
		}
		if strings.Contains(RoleDocs[r], "|") {
			t.Errorf("role %s: RoleDocs must not contain | (it breaks the Markdown table)", r)
		}
	}
	for r := range RoleDocs {
		if !ValidRole(r) {
			t.Errorf("RoleDocs names unknown role %q", r)
		}
	}
	for a, rule := range Rules {
		if strings.TrimSpace(rule.Doc) == "" {
			t.Errorf("action %s has no Doc (rules.go)", a)
		}
		if strings.Contains(rule.Doc, "|") {
			t.Errorf("action %s: Doc must not contain | (it breaks the Markdown table)", a)
		}
	}
}

func TestMarkdownMarksEveryRule(t *testing.T) {
	md := Markdown()
	for _, want := range []string{
		// client.read: supervisor org-wide, caseworker with a relation.
		"| `client.read` | ● | ✓ |",
		// token.manage: only the CLI.
		"| `token.manage` | | | | | | | | | ✓ |", // eight roles, then the CLI
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}
