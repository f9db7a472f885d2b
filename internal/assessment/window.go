package assessment

import "koto/internal/civil"

// WindowYears is how long after the first permit or registration the
// assessment is to be started (681/2023 12 §): three years.
const WindowYears = 3

// WarnDays is how many days before the window closes the pages warn.
const WarnDays = 90

// WindowBasis is what the legal window is computed from, read from the
// client's permits and registration.
type WindowBasis struct {
	// FirstPermit is the earliest granted permit's start of validity (or
	// its decision date when no validity is recorded); zero when none.
	FirstPermit civil.Date
	// Registered is the date of registration in the municipality.
	Registered civil.Date
	// TraffickingVictim: a permit on the ground trafficking_victim; the
	// window does not apply.
	TraffickingVictim bool
}

// WindowState says where a client stands in the window.
type WindowState string

// Window states.
const (
	WindowUnknown WindowState = "unknown" // no permit and no registration recorded
	WindowExempt  WindowState = "exempt"  // trafficking victim: no time limit
	WindowOpen    WindowState = "open"    // more than WarnDays left
	WindowClosing WindowState = "closing" // at most WarnDays left
	WindowClosed  WindowState = "closed"  // past the end
)

// Window is the legal window of the assessment on a given day.
type Window struct {
	State WindowState
	// Start is the first permit's date, else the registration; End is
	// Start plus WindowYears. Both zero for unknown and exempt.
	Start, End civil.Date
	// DaysLeft is the number of days from today to End (negative when
	// closed); 0 for unknown and exempt.
	DaysLeft int
}

// WindowOn computes the window on day today. Pure: the same basis and day
// always give the same window. The first granted permit counts before the
// registration; a trafficking victim is exempt.
func WindowOn(b WindowBasis, today civil.Date) Window {
	if b.TraffickingVictim {
		return Window{State: WindowExempt}
	}
	start := b.FirstPermit
	if start.IsZero() {
		start = b.Registered
	}
	if start.IsZero() {
		return Window{State: WindowUnknown}
	}
	end := start.AddYears(WindowYears)
	days := int(end.Time().Sub(today.Time()).Hours() / 24)
	w := Window{Start: start, End: end, DaysLeft: days}
	switch {
	case days < 0:
		w.State = WindowClosed
	case days <= WarnDays:
		w.State = WindowClosing
	default:
		w.State = WindowOpen
	}
	return w
}
