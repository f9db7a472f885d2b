package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// loopbackURL parses raw and refuses any host but localhost, 127.0.0.0/8
// and ::1: kotoload is for measuring one's own server, never for sending
// traffic to somebody else's. Other names are not resolved, because a name
// could point anywhere.
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--url must be http(s)://host:port, got %q", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return u, nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Unmap().IsLoopback() {
		return nil, fmt.Errorf("--url host %q is not loopback: kotoload only sends traffic to 127.0.0.0/8, ::1 or localhost", host)
	}
	return u, nil
}

// errNotLoopback is returned by the dialer for a non-loopback address.
var errNotLoopback = errors.New("refusing to connect to a non-loopback address")

// newHTTPClient returns a keep-alive client that keeps an idle connection
// per worker, ignores proxy settings, follows no redirects and checks at
// connect time that the address is loopback — so neither an /etc/hosts
// entry for localhost nor a redirect can send traffic elsewhere.
func newHTTPClient(concurrency int) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !ap.Addr().Unmap().IsLoopback() {
			return errNotLoopback
		}
		return nil
	}}
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		MaxIdleConns:        concurrency * 2,
		MaxIdleConnsPerHost: concurrency * 2,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   false,
	}
	return &http.Client{
		Transport:     transport,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// api is the Koto JSON API at base with a bearer token.
type api struct {
	base   *url.URL
	token  string
	client *http.Client
}

// do sends one request and returns the status and, when into is not nil
// and the answer is 2xx, decodes the JSON body into it. The body is always
// read to the end so the connection is reused.
func (a *api) do(ctx context.Context, method, path string, query url.Values, body []byte, into any) (int, error) {
	u := a.base.JoinPath(path)
	u.RawQuery = query.Encode()
	req, err := newRequest(ctx, method, u.String(), body)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Accept", "application/json")
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, readBody(resp, into)
}
