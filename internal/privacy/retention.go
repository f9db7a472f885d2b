package privacy

// RetentionRule says how long a class of records is kept: Years after the
// event From ("service-end": the end of the client's integration services;
// "death": the client's date of death). Whichever of a class's rules ends
// first applies.
//
// For the merger: the retention engine (internal/retention/rules.go, issue
// 15 item 7) is written in parallel; it should own these rules and this
// list should become a reference to it (privacy.RetentionRules =
// retention.Rules). The notice test then checks the engine's rules.
type RetentionRule struct {
	Class string // the record class: "client" is the client's records in Koto
	From  string // "service-end" or "death"
	Years int
}

// RetentionRules are the retention rules Koto applies, as the notices of
// the national model state them (domain.md, issue 15).
var RetentionRules = []RetentionRule{
	{Class: "client", From: "service-end", Years: 30},
	{Class: "client", From: "death", Years: 12},
}
