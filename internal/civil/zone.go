package civil

import (
	"time"
	_ "time/tzdata" // Europe/Helsinki even on hosts without a zone database
)

// Helsinki is Finland's time zone: the one in which Koto's calendar days
// begin and end.
var Helsinki = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		panic(err)
	}
	return loc
}()
