package names

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ольга", "olga"},
		{"Mäkinen", "makinen"},
		{"Nguyễn Thị Hương", "nguyen thi huong"},
		{"Đặng", "dang"},
		{"Straße", "strasse"},
		{"Søren Ærø", "soren aero"},
		{"Þór", "thor"},
		{"Łukasz", "lukasz"},
		{"İbrahim", "ibrahim"},
		{"Al-Hassan", "al hassan"},
		{"O'Brien", "obrien"},
		{"Saʿid Ma’ruf", "said maruf"},
		{"  Anna   Maria,Liisa.Kaisa ", "anna maria liisa kaisa"},
		{"Щербак Юлія", "shcherbak yuliya"},
		{"Євген Їжак Йосип", "yevgen yizhak yosip"},
		{"Ґанна Наталія", "ganna nataliya"},
		{"Хусейн Чернов Жанна", "khuseyn chernov zhanna"},
		{"Объедков Ильич", "obedkov ilich"},
		{"Šostakovitš", "shostakovitsh"},
		{"Şêx Çiya", "shex chiya"},
		{"Ἀλέξανδρος", "αλεξανδρος"}, // other scripts: marks stripped, kept
		{"--., ''", ""},
		{"", ""},
		{"R2-D2", "r2 d2"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := Fold(Fold(tt.in)); got != Fold(tt.in) {
			t.Errorf("Fold not idempotent on %q: %q", tt.in, got)
		}
	}
}

// The ASCII fast path of Fold answers exactly as the Unicode path: for
// every ASCII character alone and between letters, and for random ASCII
// strings (FuzzFoldASCII explores further).
func TestFoldASCIIMatchesUnicode(t *testing.T) {
	var inputs []string
	for c := 0; c < 0x80; c++ {
		inputs = append(inputs, string(rune(c)), "Ab"+string(rune(c))+"Cd", string(rune(c))+"x"+string(rune(c)))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = byte(r.IntN(0x80))
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		if got, want := foldASCII(in), foldUnicode(in); got != want {
			t.Errorf("foldASCII(%q) = %q, foldUnicode = %q", in, got, want)
		}
	}
}

func FuzzFoldASCII(f *testing.F) {
	for _, s := range []string{"O'Brien", "Anna-Maria  Liisa", "R2-D2", "`x`", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isASCII(s) {
			return
		}
		if got, want := foldASCII(s), foldUnicode(s); got != want {
			t.Errorf("foldASCII(%q) = %q, foldUnicode = %q", s, got, want)
		}
	})
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Al-Hassan", []string{"al", "alhassan", "hassan"}},
		{"Alhassan", []string{"alhassan", "hassan"}},
		{"Hassan", []string{"hassan"}},
		{"El Masri", []string{"el", "elmasri", "masri"}},
		{"Mohammed bin Rashid", []string{"mohammed", "bin", "rashid"}},
		{"Abu Bakr ibn Ali", []string{"abu", "bakr", "ibn", "ali"}},
		{"Anna-Maria  O'Neil", []string{"anna", "maria", "oneil"}},
		{"Ali Ali ALI", []string{"ali"}},
		// al/el followed by a vowel or fewer than three letters is a name,
		// not an article.
		{"Alexander Alina Elena Alma", []string{"alexander", "alina", "elena", "alma"}},
		{"", nil},
		{" - ", nil},
	}
	for _, tt := range tests {
		got := Tokens(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokensTruncated(t *testing.T) {
	long := strings.Repeat("ä", 100) // 200 bytes, folds to 100 bytes
	got := Tokens(long)
	if len(got) != 1 || len(got[0]) != MaxTokenBytes {
		t.Fatalf("Tokens(long) = %q, want one token of %d bytes", got, MaxTokenBytes)
	}
	cyr := strings.Repeat("ж", 40) // folds to 80 bytes of "zh"
	if got := Tokens(cyr); len(got[0]) > MaxTokenBytes || !utf8.ValidString(got[0]) {
		t.Fatalf("Tokens(cyr) = %q", got)
	}
}

// Variant spellings of one name must have the same skeleton.
func TestSkeletonGroups(t *testing.T) {
	groups := [][]string{
		{"Mohammed", "Muhammad", "Mohamed", "Mohamad", "Muhammed", "Mohammad", "Mahamed", "Muhamad"},
		{"Ahmed", "Ahmad", "Akhmed"},
		{"Yusuf", "Youssef", "Jusuf", "Yousef"},
		{"Hussein", "Husein", "Hussain", "Husain", "Husssein"},
		{"Aleksandr", "Alexander", "Oleksandr", "Alexandr"},
		{"Olga", "Olha", "Ольга"},
		{"Nguyen", "Nguyễn", "NGUYEN", "Nguyn"},
		{"Fatima", "Fatema", "Fatimah"},
		{"Khalid", "Khaled", "Chalid", "Halid"},
		{"Yekaterina", "Jekaterina", "Ekaterina", "Екатерина"},
		{"Sergei", "Sergey", "Serhii", "Serhiy", "Sergej", "Сергей", "Сергій"},
		{"Bohdan", "Bogdan"},
		{"Ihor", "Igor"},
		{"Yelena", "Jelena", "Elena"},
		{"Shevchenko", "Ševtšenko", "Schewtschenko", "Шевченко"},
		{"Polishchuk", "Polištšuk", "Полищук"},
		{"Abdullah", "Abdulla"},
		{"Maryam", "Mariam"},
		{"Jamal", "Djamal", "Dzhamal"},
		{"Zhanna", "Janna", "Jana", "Yana", "Жанна"},
		{"Petr", "Peter", "Pyotr", "Пётр"},
		{"Mäkinen", "Makinen"},
		{"Virtanen", "Virtanan"},
		{"Omar", "Omer"},
	}
	for _, g := range groups {
		want := Skeleton(g[0])
		for _, n := range g[1:] {
			if got := Skeleton(n); got != want {
				t.Errorf("Skeleton(%q) = %q, want %q as for %q", n, got, want, g[0])
			}
		}
	}
}

// Different names must not share a skeleton.
func TestSkeletonDistinct(t *testing.T) {
	pairs := [][2]string{
		{"Mohammed", "Mahmoud"},
		{"Ali", "Alice"},
		{"Olga", "Olli"},
		{"Ahmed", "Mohammed"},
		{"Fatima", "Fatma"},
		{"Thanh", "Thang"},
		{"Hung", "Huynh"},
		{"Anna", "Hanna"},
		{"Ivan", "Ivana"},
		{"Yusuf", "Usuf"},
		{"Karim", "Kareem Amir"},
	}
	for _, p := range pairs {
		if a, b := Skeleton(p[0]), Skeleton(p[1]); a == b {
			t.Errorf("Skeleton(%q) = Skeleton(%q) = %q", p[0], p[1], a)
		}
	}
}

func TestSkeletonExamples(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mohammed", "mahamad"},
		{"Mahmoud", "mahmad"},
		{"Hussein", "hasan"},
		{"Aleksandr", "alaksandar"},
		{"Yekaterina", "akatarana"},
		{"Ali", "ala"},
		{"Alice", "alasa"},
		{"Yusuf", "yasaf"},
		{"a", "a"},
		{"", ""},
		{"'-", ""},
	}
	for _, tt := range tests {
		if got := Skeleton(tt.in); got != tt.want {
			t.Errorf("Skeleton(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// store simulates the matching contract of the package documentation
// with maps: key -> client ids, and a sorted key list for prefix ranges.
type store struct {
	clients map[string][]string // client id -> keys
}

func newStore() *store { return &store{clients: make(map[string][]string)} }

func (s *store) add(id, first, last string, previous ...string) {
	s.clients[id] = IndexKeys(first, last, previous)
}

// search returns the ids of the clients matching q, sorted.
func (s *store) search(t *testing.T, q string) []string {
	t.Helper()
	query, err := ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	var ids []string
	for id, keys := range s.clients {
		all := true
		for _, tok := range query.Tokens {
			exact := make(map[string]bool, len(tok.Exact))
			for _, e := range tok.Exact {
				exact[e] = true
			}
			end := PrefixEnd(tok.Prefix)
			found := false
			for _, k := range keys {
				if (k >= tok.Prefix && k < end) || exact[k] {
					found = true
					break
				}
			}
			if !found {
				all = false
				break
			}
		}
		if all {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// searchEquality is search under the contract of a store that matches by
// equality only (Keys.EqualityKeys, QueryToken.PrefixKeys).
func (s *store) searchEquality(t *testing.T, q string) []string {
	t.Helper()
	query, err := ParseQuery(q)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", q, err)
	}
	var ids []string
	for id, all := range s.clients {
		stored := map[string]bool{}
		for _, k := range all {
			stored[k] = true
		}
		// all is IndexKeys, whose "t:" keys give the prefixes.
		var tokens []string
		for _, k := range all {
			if strings.HasPrefix(k, KindToken) {
				tokens = append(tokens, k)
			}
		}
		for _, k := range (Keys{Prefix: tokens}).PrefixKeys() {
			stored[k] = true
		}
		matches := true
		for _, tok := range query.Tokens {
			found := false
			for _, k := range append(tok.PrefixKeys(), tok.Exact...) {
				found = found || stored[k]
			}
			matches = matches && found
		}
		if matches {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestSearch(t *testing.T) {
	s := newStore()
	s.add("muhammad", "Muhammad", "Hassan")
	s.add("mohammed-ali", "Mohammed", "Ali")
	s.add("mahmoud", "Mahmoud", "Abbas")
	s.add("hussein", "Hussein", "Farah")
	s.add("nguyen", "Thi Lan", "Nguyễn")
	s.add("virtanen", "Matti", "Virtanen")
	s.add("makinen", "Liisa", "Mäkinen")
	s.add("olga", "Olga", "Ivanova")
	s.add("olha", "Olha", "Melnyk")
	s.add("olli", "Olli", "Korhonen")
	s.add("al-hassan", "Omar", "Al-Hassan")
	s.add("alhassan", "Zainab", "Alhassan")
	s.add("ali", "Ali", "Jama")
	s.add("alice", "Alice", "Smith")
	s.add("yusuf", "Yusuf", "Osman")
	s.add("aleksandr", "Aleksandr", "Petrov")
	s.add("khalid", "Khalid", "Saleh")
	s.add("ekaterina", "Ekaterina", "Smirnova")
	s.add("married", "Anna", "Korhonen", "Nieminen")

	tests := []struct {
		q    string
		want []string // must be found
		not  []string // must not be found
	}{
		// Typos, found through the Exact keys.
		{"Mohammde", []string{"mohammed-ali", "muhammad"}, []string{"hussein", "ali"}},
		{"Muhamad", []string{"mohammed-ali", "muhammad"}, nil},
		{"Husssein", []string{"hussein"}, nil},
		{"Husain", []string{"hussein"}, nil},
		{"Nguyn", []string{"nguyen"}, nil},
		{"Virtanan", []string{"virtanen"}, nil},
		{"Virtnen", []string{"virtanen"}, nil},
		{"Vritanen", []string{"virtanen"}, nil},
		{"Virtanenn", []string{"virtanen"}, nil},
		// Prefix.
		{"Muh", []string{"muhammad"}, []string{"mohammed-ali", "mahmoud"}},
		{"virt", []string{"virtanen"}, nil},
		// Transliteration and diacritics.
		{"Ольга", []string{"olga", "olha"}, []string{"olli"}},
		{"Olha", []string{"olga", "olha"}, []string{"olli"}},
		{"Makinen", []string{"makinen"}, nil},
		{"Mäkinen", []string{"makinen"}, nil},
		{"Nguyen", []string{"nguyen"}, nil},
		{"Jusuf", []string{"yusuf"}, nil},
		{"Alexander", []string{"aleksandr"}, nil},
		{"Chalid", []string{"khalid"}, nil},
		{"Jekaterina", []string{"ekaterina"}, nil},
		{"Екатерина", []string{"ekaterina"}, nil},
		// Arabic article in all spellings.
		{"Hassan", []string{"al-hassan", "alhassan", "muhammad"}, nil},
		{"Alhassan", []string{"al-hassan", "alhassan", "muhammad"}, nil},
		{"Al-Hassan", []string{"al-hassan", "alhassan", "muhammad"}, nil},
		{"al hassan omar", []string{"al-hassan"}, []string{"alhassan", "muhammad"}},
		// AND semantics.
		{"Mohammed Hassan", []string{"muhammad"}, []string{"mohammed-ali", "al-hassan"}},
		{"Hassan Muhammad", []string{"muhammad"}, nil},
		{"Matti Virtanan", []string{"virtanen"}, nil},
		{"Matti Korhonen", nil, []string{"virtanen", "olli"}},
		// Previous names.
		{"Nieminen", []string{"married"}, nil},
		{"Anna Nieminen", []string{"married"}, nil},
		// Unrelated names.
		// "Ali" finds Alice by prefix only, and Olli through the shared
		// skeleton "ala"; Score ranks both below the real Alis.
		{"Ali", []string{"ali", "mohammed-ali", "alice"}, []string{"olga"}},
		{"Alice", []string{"alice"}, []string{"ali", "mohammed-ali"}},
		{"Olli", []string{"olli"}, []string{"olga", "olha"}},
	}
	for _, tt := range tests {
		got := s.search(t, tt.q)
		if eq := s.searchEquality(t, tt.q); !slices.Equal(eq, got) {
			t.Errorf("search(%q) by equality = %q, by range %q", tt.q, eq, got)
		}
		for _, id := range tt.want {
			if !slices.Contains(got, id) {
				t.Errorf("search(%q) = %q, missing %q", tt.q, got, id)
			}
		}
		for _, id := range tt.not {
			if slices.Contains(got, id) {
				t.Errorf("search(%q) = %q, must not contain %q", tt.q, got, id)
			}
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct {
		q    string
		want error
	}{
		{"", ErrEmptyQuery},
		{"   ", ErrEmptyQuery},
		{" - ,. '' ", ErrEmptyQuery},
		{strings.Repeat("a", MaxQueryBytes+1), ErrQueryTooLong},
		{strings.Repeat("a", MaxQueryBytes), nil},
		{"Ali", nil},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.q)
		if !errors.Is(err, tt.want) {
			t.Errorf("ParseQuery(%q) error = %v, want %v", tt.q, err, tt.want)
		}
	}
}

func TestParseQueryTokens(t *testing.T) {
	q, err := ParseQuery("Mohamed Abdullahi Hassan Ali Farah Osman Mohamed")
	if err != nil {
		t.Fatal(err)
	}
	var prefixes []string
	for _, tok := range q.Tokens {
		prefixes = append(prefixes, tok.Prefix)
	}
	want := []string{"t:mohamed", "t:abdullahi", "t:hassan", "t:ali", "t:farah"}
	if !slices.Equal(prefixes, want) {
		t.Errorf("prefixes = %q, want %q", prefixes, want)
	}

	q, err = ParseQuery("ali ALI Ali")
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Tokens) != 1 {
		t.Errorf("duplicate tokens not merged: %+v", q.Tokens)
	}

	q, err = ParseQuery("Al-Hassan")
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Tokens) != 1 || q.Tokens[0].Prefix != "t:alhassan" || !slices.Contains(q.Tokens[0].Exact, "t:hassan") {
		t.Errorf("article not merged: %+v", q.Tokens)
	}
}

func TestParseQueryKeys(t *testing.T) {
	q, err := ParseQuery("Virtanen")
	if err != nil {
		t.Fatal(err)
	}
	tok := q.Tokens[0]
	for _, k := range []string{"s:vartanan", "d:vartanan", "s:vrtanan", "d:vrtanan", "d:vartann"} {
		if !slices.Contains(tok.Exact, k) {
			t.Errorf("Exact of Virtanen lacks %q: %q", k, tok.Exact)
		}
	}
	// A short skeleton gets no fuzzy keys.
	q, _ = ParseQuery("Ali")
	if got := q.Tokens[0].Exact; !slices.Equal(got, []string{"s:ala"}) {
		t.Errorf("Exact of Ali = %q, want [s:ala]", got)
	}
}

func TestPrefixEnd(t *testing.T) {
	p := "t:muh"
	end := PrefixEnd(p)
	for _, k := range []string{"t:muh", "t:muhammad", "t:muhé", "t:muh\U0001E900", "t:muh\uffff"} {
		if !(k >= p && k < end) {
			t.Errorf("%q not in [%q, %q)", k, p, end)
		}
	}
	for _, k := range []string{"t:mug", "t:mui", "t:mu", "s:muhammad", "u:"} {
		if k >= p && k < end {
			t.Errorf("%q wrongly in [%q, %q)", k, p, end)
		}
	}
	if !utf8.ValidString(end) {
		t.Errorf("PrefixEnd not valid UTF-8: %q", end)
	}
}

func TestIndexKeys(t *testing.T) {
	keys := IndexKeys("Mohammed Abdullahi", "Al-Hassan", []string{"Hassan"})
	seen := make(map[string]bool)
	for _, k := range keys {
		if seen[k] {
			t.Errorf("duplicate key %q", k)
		}
		seen[k] = true
		if !strings.HasPrefix(k, KindToken) && !strings.HasPrefix(k, KindSkeleton) && !strings.HasPrefix(k, KindDeletion) {
			t.Errorf("key %q has no kind", k)
		}
	}
	for _, k := range []string{"t:mohammed", "t:al", "t:alhassan", "t:hassan", "s:mahamad", "d:mahmad", "s:hasan"} {
		if !seen[k] {
			t.Errorf("keys lack %q: %q", k, keys)
		}
	}
	if n := len(keys); n < 15 || n > 50 {
		t.Errorf("a typical client has %d keys, documented 15-35: %q", n, keys)
	}

	k := NewKeys("Ali", "Jama", nil)
	if !slices.Equal(k.All(), IndexKeys("Ali", "Jama", nil)) {
		t.Errorf("All() differs from IndexKeys")
	}
	if !slices.Equal(k.Prefix, []string{"t:ali", "t:jama"}) || !slices.Equal(k.Fuzzy, []string{"s:ala", "s:yama"}) {
		t.Errorf("NewKeys(Ali Jama) = %+v", k)
	}

	if got := IndexKeys("", "", nil); len(got) != 0 {
		t.Errorf("empty names have keys %q", got)
	}

	var many []string
	for i := range 100 {
		many = append(many, strings.Repeat("x", i%60+1)+"abcdefghijklmnopq")
	}
	if got := IndexKeys("", "", many); len(got) > MaxIndexTokens*(2+MaxFuzzyLen) {
		t.Errorf("%d keys, more than the documented bound", len(got))
	}
}

func TestScore(t *testing.T) {
	q := "Mohammed"
	exact := Score(q, "Mohammed", "Ali")
	prefix := Score("Moham", "Mohammed", "Ali")
	skeleton := Score(q, "Muhammad", "Ali")
	typo := Score(q, "Mahmoud", "Ali")
	none := Score(q, "Olli", "Korhonen")
	if !(exact > prefix && prefix > skeleton && skeleton > typo && typo > none) {
		t.Errorf("scores exact %d, prefix %d, skeleton %d, edit %d, none %d not decreasing",
			exact, prefix, skeleton, typo, none)
	}
	if none != 0 {
		t.Errorf("unrelated name scored %d", none)
	}
	if a, b := Score("Mohammed Ali", "Mohammed", "Ali"), Score("Mohammed Ali", "Mohammed", "Hassan"); a <= b {
		t.Errorf("matching both tokens (%d) should beat one (%d)", a, b)
	}
	if got := Score("Alhassan", "Omar", "Hassan"); got != scoreExact {
		t.Errorf("Score(Alhassan, Hassan) = %d, want %d", got, scoreExact)
	}
	if got := Score("", "Ali", "Jama"); got != 0 {
		t.Errorf("empty query scored %d", got)
	}
	if got := Score(strings.Repeat("ali ", 100), "Ali", "Jama"); got != 0 {
		t.Errorf("too long query scored %d", got)
	}
}

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"a", "", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"virtanen", "virtanan", 1},
		{"mohammed", "mohammde", 2},
		{"äö", "ao", 2},
		{"nguyễn", "nguyen", 1},
	}
	for _, tt := range tests {
		if got := levenshtein(tt.a, tt.b); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := levenshtein(tt.b, tt.a); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"Mohammed Ali", "Al-Hassan", "Ольга", "Nguyễn Thị", "", "'-.,",
		"\xff\xfe", "ʿ´`", strings.Repeat("ж", 60), "a b c d e f g", "\U0010FFFF",
		"ﬃ Ǆ ㍱", "İı", "Ĳ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			if !errors.Is(err, ErrEmptyQuery) && !errors.Is(err, ErrQueryTooLong) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if len(q.Tokens) == 0 || len(q.Tokens) > MaxQueryTokens {
			t.Fatalf("%d tokens", len(q.Tokens))
		}
		for _, tok := range q.Tokens {
			if n := 1 + len(tok.Exact); n > 64 {
				t.Fatalf("%d keys for one token", n)
			}
			if !strings.HasPrefix(tok.Prefix, KindToken) || len(tok.Prefix) == len(KindToken) {
				t.Fatalf("bad prefix %q", tok.Prefix)
			}
			for _, k := range append([]string{tok.Prefix, PrefixEnd(tok.Prefix)}, tok.Exact...) {
				if !utf8.ValidString(k) {
					t.Fatalf("invalid UTF-8 key %q", k)
				}
			}
			if strings.ContainsRune(tok.Prefix, utf8.MaxRune) {
				t.Fatalf("prefix contains U+10FFFF: %q", tok.Prefix)
			}
		}
		if f := Fold(s); Fold(f) != f {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, f, Fold(f))
		}
		_ = Score(s, s, s)
	})
}

// Matching a query token against a client's keys by equality (a "p:" key
// per proper prefix of every token) finds exactly the clients the prefix
// range over "t:" keys finds: every prefix of every token of these names,
// and a few queries that are no prefix, in every script the names use.
func TestPrefixKeysMatchRange(t *testing.T) {
	people := [][3]string{
		{"Muhammad", "Hassan", ""}, {"Thi Lan", "Nguyễn", ""}, {"Ольга", "Іванова", ""},
		{"Omar", "Al-Hassan", "Alhassan"}, {"Liisa", "Mäkinen", "Öhman"}, {"Ali", "Jama", ""},
		{"Alice", "Smith", ""}, {"𞤀𞤣𞤢𞤥𞤢", "Jallow", ""}, {"Zainab", "Alhassan", ""},
		{strings.Repeat("abcdefghij", 8), "X", ""},
	}
	queries := map[string]bool{"zz": true, "muhx": true, "hassanx": true, "a": true}
	for _, p := range people {
		for _, f := range p {
			for _, tok := range Tokens(f) {
				for i := range tok {
					if i > 0 {
						queries[tok[:i]] = true
					}
				}
				queries[tok] = true
			}
		}
	}
	for _, p := range people {
		var prev []string
		if p[2] != "" {
			prev = []string{p[2]}
		}
		k := NewKeys(p[0], p[1], prev)
		stored := map[string]bool{}
		for _, key := range k.EqualityKeys() {
			stored[key] = true
		}
		for q := range queries {
			query, err := ParseQuery(q)
			if err != nil {
				t.Fatal(err)
			}
			tok := query.Tokens[0]
			byRange := false
			for _, key := range k.All() {
				byRange = byRange || (key >= tok.Prefix && key < PrefixEnd(tok.Prefix))
			}
			byEquality := false
			for _, key := range tok.PrefixKeys() {
				byEquality = byEquality || stored[key]
			}
			if byRange != byEquality {
				t.Errorf("%v, query %q: by range %v, by equality %v", p, q, byRange, byEquality)
			}
		}
	}
	if got := NewKeys("Olga", "", nil).PrefixKeys(); !slices.Equal(got, []string{"p:o", "p:ol", "p:olg"}) {
		t.Errorf("PrefixKeys(Olga) = %q", got)
	}
}
