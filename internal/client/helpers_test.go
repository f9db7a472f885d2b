package client_test

import (
	"errors"
	"time"
)

func timeMonth(m int) time.Month { return time.Month(m) }

func errorsAs(err error, target any) bool { return errors.As(err, target) }
