// Command koto is the Koto client register: web server and administration.
package main

import (
	"context"
	"os"

	"koto/internal/app"
)

func main() {
	os.Exit(app.Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
