package web

import (
	"fmt"
	"html/template"
	"strings"

	"rsc.io/qr"
)

// qrSVG renders text (an otpauth:// URI) as a QR code in inline SVG
// markup: one path of dark modules on a white square with the four-module
// quiet zone the standard asks for. label is the image's accessible name.
// The markup is generated here, not uploaded or scripted, so the
// Content-Security-Policy needs nothing new; error correction level M
// leaves a phone camera room for glare. ADR 19 says why rsc.io/qr.
func qrSVG(text, label string) (template.HTML, error) {
	code, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("web: encode QR: %w", err)
	}
	const quiet = 4
	n := code.Size + 2*quiet
	var d strings.Builder
	for y := range code.Size {
		for x := range code.Size {
			if code.Black(x, y) {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	svg := fmt.Sprintf(`<svg class="totp-qr" id="totp-qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" shape-rendering="crispEdges">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		n, n, n*5, n*5, template.HTMLEscapeString(label), n, n, d.String())
	return template.HTML(svg), nil // built from numbers and an escaped label
}
