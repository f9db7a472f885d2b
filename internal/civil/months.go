package civil

import "time"

// AddMonths returns the day with the same number n months later (or
// earlier for negative n); when that month has no such day, its last day
// (31 January + 1 month = 28 or 29 February). This is the Finnish rule for
// periods counted in months (laki säädettyjen määräaikain laskemisesta
// 150/1930, 3 §) and how GDPR art. 12(3)'s one month is counted. The zero
// Date stays zero.
func (d Date) AddMonths(n int) Date {
	if d.IsZero() {
		return d
	}
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	if m %= 12; m < 0 {
		m += 12
		y--
	}
	r := Date{Year: y, Month: time.Month(m + 1), Day: d.Day}
	if last := daysIn(r.Year, r.Month); r.Day > last {
		r.Day = last
	}
	return r
}
