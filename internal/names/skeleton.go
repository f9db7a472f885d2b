package names

import (
	"sort"
	"strings"
)

// rewrite is one spelling rule of Skeleton: the letters From, found in a
// folded token, are replaced by To.
type rewrite struct {
	From, To string
}

// rewrites are applied in one left-to-right pass over the folded token,
// trying the longest From first at each position; the output of a rule is
// not rewritten again. The goal is that the spellings which different
// romanisation traditions use for one sound end up as the same letters.
// Vowels are left alone here because Skeleton reduces every vowel run to
// one marker anyway (so ou/oo/ee/ie need no rules).
var rewrites = []rewrite{
	// Cyrillic щ: English shch, Finnish štš (folded to shtsh), German schtsch.
	{"schtsch", "s"}, {"shtsh", "s"}, {"shch", "s"},
	// Cyrillic ч: English ch, Finnish tš (folded to tsh), German tsch;
	// English tch. All meet ch below.
	{"tsch", "h"}, {"tsh", "h"}, {"tch", "h"},
	// Cyrillic дж and French dj: Dzhamal, Djamal = Jamal.
	{"dzh", "j"}, {"dj", "j"},
	// German sch = sh (Schamil = Shamil).
	{"sch", "s"},
	// Arabic ḫ and Cyrillic х as kh, German/Polish ch (Khalid = Chalid =
	// Halid). English ch lands here too, consistently on both sides.
	{"kh", "h"}, {"ch", "h"},
	// Arabic ghayn and Dari/Pashto gh (Ghulam = Gulam); g and h are one
	// class anyway, see below.
	{"gh", "h"},
	// Ukrainian г is romanised h, Russian г is g (Olha/Olga, Serhii/Sergei,
	// Bohdan/Bogdan, Ihor/Igor), so g joins h. "ng" is kept as it is: in
	// Vietnamese ng and nh are different (Hung/Huynh, Thang/Thanh).
	{"ng", "ng"}, {"g", "h"},
	// ж as zh is the French j (Zhanna = Jeanne).
	{"zh", "j"},
	// Plain digraphs of English-style romanisation.
	{"sh", "s"}, {"ph", "f"}, {"th", "t"}, {"dh", "d"},
	// c is s before e, i, y and k elsewhere (Alice, Marcel; Carl = Karl).
	{"ce", "se"}, {"ci", "si"}, {"cy", "sy"}, {"ck", "k"}, {"c", "k"},
	// x = ks (Alexander = Aleksandr), q = k (Qasim = Kasim), w = v
	// (Wasim = Vasim), z = s (Zainab = Sainab, Aziz = Asis).
	{"x", "ks"}, {"q", "k"}, {"w", "v"}, {"z", "s"},
}

func init() {
	// Longest match first; the table above is grouped by meaning.
	sort.SliceStable(rewrites, func(i, j int) bool {
		return len(rewrites[i].From) > len(rewrites[j].From)
	})
}

// isVowel reports whether b is a vowel letter for Skeleton. y counts as a
// vowel (Maryam = Mariam, Sergey = Sergei) except where Skeleton decides
// otherwise at the start of a token.
func isVowel(b byte) bool {
	return strings.IndexByte("aeiouy", b) >= 0
}

// vowelMark stands for any run of vowels in a skeleton.
const vowelMark = 'a'

// Skeleton returns a phonetic skeleton of a token so that common
// romanisation variants of one name are equal:
//
//	Mohammed, Muhammad, Mohamed, Mohamad, Muhammed, Mahamed -> "mahamad"
//	Hussein, Husein, Hussain, Husain                        -> "hasan"
//	Aleksandr, Alexander, Oleksandr                         -> "alaksandar"
//	Yekaterina, Jekaterina, Ekaterina                       -> "akatarana"
//
// The token is folded (and any spaces in it removed). Then, in order:
//  1. a final h after a vowel is dropped (Abdullah = Abdulla, Fatimah =
//     Fatima, Sarah = Sara) and a final j becomes y (Sergej = Sergey);
//  2. the rewrites table maps spelling variants to one spelling;
//  3. a leading j becomes y (Jusuf = Yusuf) and a leading "ye" loses its
//     y (Yelena = Elena, Yekaterina = Ekaterina), the iotation that
//     Russian romanisations write or leave out;
//  4. every run of vowels becomes one "a", so vowel quality is ignored
//     (Mohammed = Muhammad) but syllables still count: keeping the vowel
//     positions is what keeps Mahmoud ("mahmad") apart from Mohammed
//     ("mahamad") and Ali ("ala") apart from Alice ("alasa"), which a
//     consonant-only skeleton would merge; a y at the start of a token
//     before a vowel is a consonant (Yusuf = "yasaf");
//  5. doubled consonants become single (Hussein = Husein);
//  6. a final consonant + r gets a vowel in between (Aleksandr =
//     Alexander, Petr = Peter), because Russian romanisation leaves out
//     the vowel that English spelling writes.
//
// Letters outside a-z (other scripts) and digits are kept as consonants.
// The result is empty only when Fold(token) is empty.
func Skeleton(token string) string {
	s := strings.ReplaceAll(Fold(token), " ", "")

	// 1. End of the token, before rewrites so that a final kh or gh keeps
	// its h.
	if len(s) >= 2 && s[len(s)-1] == 'h' && isVowel(s[len(s)-2]) {
		s = s[:len(s)-1]
	}
	if strings.HasSuffix(s, "j") {
		s = s[:len(s)-1] + "y"
	}

	// 2. Spelling rewrites.
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); {
		matched := false
		for _, r := range rewrites {
			if strings.HasPrefix(s[i:], r.From) {
				b.WriteString(r.To)
				i += len(r.From)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(s[i])
			i++
		}
	}
	s = b.String()

	// 3. Start of the token, after rewrites so that dzh, dj and zh, which
	// became j, are treated like j.
	if strings.HasPrefix(s, "j") {
		s = "y" + s[1:]
	}
	if strings.HasPrefix(s, "ye") {
		s = s[1:]
	}

	// 4. and 5. Vowel runs and doubled consonants. Work on bytes: every
	// rewrite output is ASCII and other runes pass through unchanged, so a
	// multi-byte rune is copied byte by byte and never merged wrongly
	// (two equal multi-byte runes in a row are kept, which is harmless).
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		vowel := c < 0x80 && isVowel(c)
		if c == 'y' && i == 0 && len(s) > 1 && isVowel(s[1]) {
			vowel = false
		}
		if vowel {
			c = vowelMark
		}
		if len(out) > 0 && out[len(out)-1] == c && c < 0x80 {
			continue // a vowel run or a doubled consonant
		}
		out = append(out, c)
	}

	// 6. Final consonant + r.
	if n := len(out); n >= 2 && out[n-1] == 'r' && out[n-2] != vowelMark && out[n-2] < 0x80 {
		out = append(out[:n-1], vowelMark, 'r')
	}
	return string(out)
}
