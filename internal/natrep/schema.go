package natrep

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of Document, documented field
// by field; docs/operations.md points to it.
//
//go:embed national-repository-v1.json
var Schema []byte
