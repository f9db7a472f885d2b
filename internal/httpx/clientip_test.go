package httpx

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientAddr(t *testing.T) {
	proxies, err := ParseTrustedProxies(" 10.0.0.0/8, 192.0.2.10 ,2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		peer   string
		xff    []string
		trust  TrustedProxies
		client string
	}{
		{"no proxies configured: the header is ignored", "10.1.1.1:4000", []string{"198.51.100.7"}, nil, "10.1.1.1"},
		{"direct client, no header", "198.51.100.7:4000", nil, proxies, "198.51.100.7"},
		{"spoofed header from an untrusted peer is ignored", "203.0.113.66:4000", []string{"198.51.100.7"}, proxies, "203.0.113.66"},
		{"one trusted proxy", "192.0.2.10:4000", []string{"198.51.100.7"}, proxies, "198.51.100.7"},
		{"a client's own prefix is not believed", "192.0.2.10:4000", []string{"1.2.3.4, 198.51.100.7"}, proxies, "198.51.100.7"},
		{"two trusted proxies", "10.0.0.2:4000", []string{"198.51.100.7, 192.0.2.10"}, proxies, "198.51.100.7"},
		{"several header lines", "10.0.0.2:4000", []string{"6.6.6.6, 198.51.100.7", "10.9.9.9"}, proxies, "198.51.100.7"},
		{"port in an entry", "192.0.2.10:4000", []string{"198.51.100.7:5555"}, proxies, "198.51.100.7"},
		{"IPv6 client through an IPv6 proxy", "[2001:db8:ffff::1]:443", []string{"2001:db8:1::9"}, proxies, "2001:db8:1::9"},
		{"only trusted hops: the furthest", "10.0.0.2:4000", []string{"10.0.0.3"}, proxies, "10.0.0.3"},
		{"garbage stops at the last trusted hop", "10.0.0.2:4000", []string{"198.51.100.7, garbage"}, proxies, "10.0.0.2"},
		{"trusted proxy without a header", "192.0.2.10:4000", nil, proxies, "192.0.2.10"},
		{"IPv4-mapped peer", "[::ffff:192.0.2.10]:4000", []string{"198.51.100.7"}, proxies, "198.51.100.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/login", nil)
			r.RemoteAddr = tt.peer
			for _, h := range tt.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := tt.trust.ClientAddr(r); got != tt.client {
				t.Errorf("ClientAddr = %q, want %q", got, tt.client)
			}
			var seen string
			ClientAddresses(tt.trust, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = ClientIP(r) })).
				ServeHTTP(httptest.NewRecorder(), r)
			if seen != tt.client {
				t.Errorf("ClientIP behind the middleware = %q, want %q", seen, tt.client)
			}
		})
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0.1/8/9"} {
		if _, err := ParseTrustedProxies(bad); err == nil {
			t.Errorf("ParseTrustedProxies(%q) accepted", bad)
		}
	}
}
