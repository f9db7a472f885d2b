package web

import (
	"net/http"
	"slices"
	"strings"

	"koto/internal/apperr"
	"koto/internal/i18n"
)

// field is one form control as the "field" partial renders it: label,
// optional hint, the error next to it and the typed value.
type field struct {
	ID, Name, Label, Hint, Value, Error string
	Type                                string // text, date, email, tel, password, select, textarea, checkbox
	Required, Checked                   bool
	Autocomplete                        string
	Options                             []option
	Rows                                int // textarea height; 0 is the default
}

type option struct {
	Value, Label string
	Selected     bool
}

// Describedby lists the ids of the hint and the error, for aria-describedby.
func (f field) Describedby() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// fieldID turns a field's name (the API name: "address.street",
// "permits[0].validTo") into an HTML id.
func fieldID(name string) string {
	r := strings.NewReplacer(".", "-", "[", "-", "]", "")
	return "f-" + r.Replace(name)
}

// errorItem is one entry of the error summary: a link to the field,
// named by its label ("Sukunimi: Pakollinen tieto.").
type errorItem struct {
	field                string
	Href, Label, Message string
}

// formErrors holds translated field errors: a list for the summary at the
// top of the form and a lookup for the message next to each field. The
// builder records the label of every field it makes for an error, so the
// summary names the field.
type formErrors struct {
	items   []errorItem
	byField map[string]string
	labels  map[string]string // shared by copies: maps are references
}

// add records a translated message for field (the first one per field wins).
func (e *formErrors) add(field, message string) {
	if e.byField == nil {
		e.byField, e.labels = map[string]string{}, map[string]string{}
	}
	if _, dup := e.byField[field]; dup {
		return
	}
	e.byField[field] = message
	e.items = append(e.items, errorItem{field: field, Href: "#" + fieldID(field), Message: message})
}

// Items lists the errors for the summary in the order they were added,
// each with its field's label when the form shows that field.
func (e formErrors) Items() []errorItem {
	out := slices.Clone(e.items)
	for i := range out {
		out[i].Label = e.labels[out[i].field]
	}
	return out
}

// addAll translates domain field errors; rename maps a domain field name to
// the form's field name (nil keeps it).
func (e *formErrors) addAll(p *i18n.Printer, fields []apperr.FieldError, rename func(string) string) {
	for _, fe := range fields {
		name := fe.Field
		if rename != nil {
			name = rename(name)
		}
		e.add(name, p.T(fe.Key, fe.Args...))
	}
}

// of returns the message for field, or "".
func (e formErrors) of(field string) string { return e.byField[field] }

// Any reports whether there are errors.
func (e formErrors) Any() bool { return len(e.items) > 0 }

// builder makes fields with labels and errors for one form.
type builder struct {
	p    *i18n.Printer
	errs formErrors
}

func (b builder) input(typ, name, labelKey, value string) field {
	label := b.p.T(labelKey)
	if b.errs.labels != nil {
		b.errs.labels[name] = label
	}
	return field{ID: fieldID(name), Name: name, Label: label, Value: value, Type: typ, Error: b.errs.of(name)}
}

func (b builder) text(name, labelKey, value string) field {
	return b.input("text", name, labelKey, value)
}

func (b builder) date(name, labelKey, value string) field {
	return b.input("date", name, labelKey, value)
}

func (b builder) checkbox(name, labelKey string, checked bool) field {
	f := b.input("checkbox", name, labelKey, "1")
	f.Checked = checked
	return f
}

// choice is a select with an empty first option; keys are translated as
// prefix+value.
func (b builder) choice(name, labelKey, value, prefix string, values []string) field {
	f := b.input("select", name, labelKey, value)
	f.Options = append(f.Options, option{Value: "", Label: b.p.T("web.choose"), Selected: value == ""})
	for _, v := range values {
		f.Options = append(f.Options, option{Value: v, Label: b.p.T(prefix + v), Selected: v == value})
	}
	return f
}

func (f field) withHint(h string) field     { f.Hint = h; return f }
func (f field) required() field             { f.Required = true; return f }
func (f field) autocomplete(v string) field { f.Autocomplete = v; return f }
func (f field) as(typ string) field         { f.Type = typ; return f }

// flashCookie carries a confirmation to the page after a redirect, shown
// once. It holds only the name of a message from flashMessages, never
// text, so a planted cookie can show nothing but those messages.
const (
	flashCookie = "koto_flash"
	flashSaved  = "saved"
)

var flashMessages = map[string]string{flashSaved: "forms.flash.saved"}

// flash sets the confirmation the next page shows (a minute at most).
func (h *Handler) flash(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: name, Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
}

// flashKey returns the message key of the request's confirmation, or "".
func flashKey(r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	return flashMessages[c.Value]
}

// clearFlash forgets a confirmation once a page has shown it.
func (h *Handler) clearFlash(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(flashCookie); err == nil {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1,
			HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	}
}
