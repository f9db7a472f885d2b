// Package privacy is the privacy notice (tietosuojaseloste, GDPR arts. 13
// and 14) generated from configuration and from what the system uses
// (issue 15 item 8): the recipients are the kinds of disclosure Koto
// records, the data categories those of the access report, the retention
// the rules Koto applies. A test fails when one the system uses is
// missing. The text lives in the catalogs (privacy.json), one key per
// item, in Finnish, Swedish and English.
package privacy

import (
	"koto/internal/disclosure"
)

// Config is the deployment's part of the notice.
type Config struct {
	Controller      string // the municipality with its contact details; "" = not configured
	JointController string // the operator of the national system (KEHA-keskus)
	DPO             string // how to reach the data-protection officer; "" = not configured
}

// Notice is the privacy notice as codes; the page names each by its
// catalog key (privacy.<section>.<code>).
type Notice struct {
	Config
	Purposes      []string // 72 §
	Bases         []string // GDPR art. 6 and 9 bases with the national law
	Categories    []string // 73 §
	Sources       []string
	Recipients    []string // disclosure kinds (disclosure.Kinds)
	ProviderItems []string // the 18 items a service provider may receive (disclosure.ItemKeys)
	Retention     []RetentionRule
	Rights        []string
}

// Purposes of processing under 681/2023 72 §, as codes.
var Purposes = []string{"service-need", "assessment", "plan", "services", "placement", "compensation", "statistics", "supervision"}

// Bases are the legal bases of processing, as codes.
var Bases = []string{"legal-obligation", "public-task", "special-category", "consent"}

// Categories are the data categories of 73 § (domain.md §2.1), as codes.
var Categories = []string{"hetu", "identity", "permits", "language", "background", "assessment-plan", "services",
	"health", "placement", "compensation", "notes", "consents", "disclosures", "access-log",
	"attachments", "authority-requests", "transfers", "legal-hold", "restriction", "subject-requests"}

// Sources of the data (domain.md §2.3), as codes.
var Sources = []string{"client", "dvv", "migri", "kela", "employment-area", "authorities", "social-health", "elinvoimakeskus"}

// Rights of the data subject, as codes.
var Rights = []string{"access", "rectification", "erasure", "restriction", "portability", "objection", "withdraw-consent", "complaint", "no-automated-decisions"}

// CategoriesOf maps each key of the access report (subject.Tables) to the
// data categories its records belong to: a record kind Koto keeps is
// always told in the notice.
var CategoriesOf = map[string][]string{
	"client":             {"hetu", "identity", "language"},
	"permits":            {"permits"},
	"sensitive":          {"health"},
	"history":            {"identity"},
	"assignments":        {"notes"},
	"mergedRecords":      {"identity"},
	"notes":              {"notes"},
	"plans":              {"assessment-plan"},
	"assessments":        {"assessment-plan"},
	"background":         {"background"},
	"languageTests":      {"services"},
	"referrals":          {"services"},
	"placement":          {"placement"},
	"householdLinks":     {"placement"},
	"consents":           {"consents"},
	"disclosures":        {"disclosures"},
	"accessLog":          {"access-log"},
	"attachments":        {"attachments"},
	"disclosureRequests": {"authority-requests", "disclosures"},
	"transfers":          {"transfers"},
	"handoverReceipts":   {"transfers"},
	"retentionHold":      {"legal-hold"},
	"restrictions":       {"restriction"},
	"subjectRequests":    {"subject-requests"},
}

// Build makes the notice of a deployment: the configured controllers and
// every purpose, basis, category, source, recipient, retention rule and
// right the system uses.
func Build(c Config) Notice {
	return Notice{Config: c, Purposes: Purposes, Bases: Bases, Categories: Categories, Sources: Sources,
		Recipients: disclosure.Kinds, ProviderItems: disclosure.ItemKeys, Retention: RetentionRules, Rights: Rights}
}
