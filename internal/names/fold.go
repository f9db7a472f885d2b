package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// runeMap replaces single lower-case runes by Latin letters before (and
// again after) Unicode decomposition.
//
// Cyrillic follows English/BGN-style practice (щ->shch, ж->zh, х->kh), which
// is what Russian and Ukrainian passports and most registers print; the
// Finnish-practice spellings (š, ž, tš) end up equal after Skeleton.
// Ukrainian г is mapped like Russian г to "g": Skeleton treats g and h as one
// class, so Olha and Olga still meet.
//
// Some Latin letters are mapped explicitly because decomposition would lose
// them (ß, æ, ø, ł, đ have no decomposition) or would turn them into a
// different sound (š, ž, č are sh, zh, ch in Finnish transliteration of
// Cyrillic, and ş, ç are sh, ch in Kurdish Kurmanji and Turkish).
var runeMap = map[rune]string{
	// Russian and Ukrainian.
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'ґ': "g", 'д': "d", 'е': "e",
	'ё': "yo", 'є': "ye", 'ж': "zh", 'з': "z", 'и': "i", 'і': "i", 'ї': "yi",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ў': "u", 'ф': "f", 'х': "kh",
	'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "",
	'э': "e", 'ю': "yu", 'я': "ya",
	// Serbian and Macedonian.
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dzh",
	'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
	// Kazakh, Uzbek and Tajik Cyrillic, seen among Central Asian clients.
	'ғ': "gh", 'қ': "q", 'ң': "ng", 'ө': "o", 'ү': "u", 'ұ': "u", 'һ': "h",
	'ә': "a", 'ҳ': "h", 'ҷ': "j", 'ӣ': "i", 'ӯ': "u",
	// Latin letters without a (useful) decomposition.
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'þ': "th", 'ð': "d",
	'đ': "d", 'ł': "l", 'ı': "i", 'ŋ': "ng", 'ħ': "h",
	// Latin letters whose diacritic changes the sound.
	'š': "sh", 'ž': "zh", 'č': "ch", 'ş': "sh", 'ș': "sh", 'ç': "ch",
}

// isApostrophe reports whether r is an apostrophe-like mark. Inside
// romanised names these stand for glottal stops and the Arabic ʿayn
// (Saʿid, Ma'ruf, Ghebre'egziabher), so they are removed and the parts joined
// rather than split: "Sa'id" must meet "Said", not become "sa" and "id".
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '`', '\u00b4', // ASCII apostrophe, grave, acute accent
		'\u2018', '\u2019', '\u201b', '\u2032', // quotation marks, prime
		'\u02b9', '\u02ba', // modifier primes (transliterated ь and ъ)
		'\u02bb', '\u02bc', '\u02be', '\u02bf', // ʻ ʼ ʾ ʿ (hamza, ʿayn)
		'\uff07': // fullwidth apostrophe
		return true
	}
	return false
}

// Fold returns s in a canonical search form: lower case, Cyrillic
// transliterated to Latin, diacritics removed (ä->a, é->e, ễ->e), ß->ss,
// æ->ae, ø->o, þ->th, đ->d, ł->l, apostrophes removed (joining the parts),
// and every other run of non-letters and non-digits (spaces, hyphens, dots,
// commas, ...) replaced by one space, with no leading or trailing space.
//
// Letters of other scripts (Arabic, Ge'ez, Thai) are kept as they are, only
// stripped of combining marks; names are expected in Latin script. The
// result is always valid UTF-8, even for invalid input, and Fold is
// idempotent: Fold(Fold(s)) == Fold(s).
func Fold(s string) string {
	if isASCII(s) {
		return foldASCII(s)
	}
	return foldUnicode(s)
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// foldASCII is Fold for ASCII text, where Unicode normalization changes
// nothing and only case, apostrophes and separators remain to be handled.
// Most names arrive in plain ASCII (romanised); normalizing them was most
// of the work of ranking a name search's candidates.
func foldASCII(s string) string {
	out := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '`':
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			space = true
			continue
		}
		if space && len(out) > 0 {
			out = append(out, ' ')
		}
		space = false
		out = append(out, c)
	}
	return string(out)
}

// foldUnicode is Fold for text beyond ASCII.
func foldUnicode(s string) string {
	// Pass 1, on composed text: map runes whose decomposition would lose
	// information (й = и + breve, š = s + caron) and drop apostrophes
	// before NFKD turns some of them (´) into a space plus a mark.
	s = norm.NFC.String(strings.ToLower(s))
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if isApostrophe(r) {
			continue
		}
		if m, ok := runeMap[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(r)
	}

	// Pass 2, on decomposed text: strip combining marks, map what is left
	// (Cyrillic base letters of decomposed runes, compatibility forms) and
	// turn everything that is not a letter or a digit into a separator.
	d := norm.NFKD.String(b.String())
	var out strings.Builder
	out.Grow(len(d))
	space := false
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r), isApostrophe(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
			m, ok := runeMap[r]
			if !ok {
				m = string(r)
			}
			if m == "" {
				continue
			}
			if space && out.Len() > 0 {
				out.WriteByte(' ')
			}
			space = false
			out.WriteString(m)
		default:
			space = true
		}
	}
	return out.String()
}
