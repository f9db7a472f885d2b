package loadstat

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat times. It is 100 on
// every Linux architecture Go supports; reading it needs sysconf (cgo).
const clockTicks = 100

// ProcessCPU returns the user+system CPU time used so far by process pid,
// from /proc/PID/stat (Linux), with 10 ms resolution.
func ProcessCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	st, err := parseStat(string(b))
	return st.own, err
}

// CommandCPU returns the CPU time used so far by every process whose
// command name is name — for "postgres", the PostgreSQL server: the
// postmaster, its background processes and every backend — including
// the time of their children that have exited (a backend whose
// connection closed), with 10 ms resolution. Between two readings the
// difference is the CPU the server spent, whichever backends came and
// went.
func CommandCPU(name string) (time.Duration, error) {
	dir, err := os.ReadDir("/proc")
	if err != nil {
		return 0, err
	}
	var total time.Duration
	found := false
	for _, e := range dir {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // exited meanwhile: its time is now its parent's
		}
		st, err := parseStat(string(b))
		if err != nil || st.comm != name {
			continue
		}
		found = true
		total += st.own + st.children
	}
	if !found {
		return 0, fmt.Errorf("loadstat: no process named %q", name)
	}
	return total, nil
}

// CommandMeter is a CPU meter for Config.DBCPU over the processes named
// name (CommandCPU), checked once so that a wrong name fails at start.
func CommandMeter(name string) (func() (time.Duration, error), error) {
	if _, err := CommandCPU(name); err != nil {
		return nil, err
	}
	return func() (time.Duration, error) { return CommandCPU(name) }, nil
}

// procStat holds the fields of /proc/PID/stat that matter here.
type procStat struct {
	comm     string
	own      time.Duration // utime + stime
	children time.Duration // cutime + cstime: children waited for
}

// parseStat reads the command name (field 2), utime and stime (fields 14
// and 15) and cutime and cstime (16 and 17). The command name is in
// parentheses and may itself contain spaces and ')', so fields are
// counted from the last ')'.
func parseStat(s string) (procStat, error) {
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return procStat{}, fmt.Errorf("loadstat: malformed /proc stat")
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("loadstat: short /proc stat")
	}
	var ticks [4]uint64
	for i := range ticks {
		v, err := strconv.ParseUint(f[11+i], 10, 64)
		if err != nil {
			return procStat{}, fmt.Errorf("loadstat: malformed /proc stat times")
		}
		ticks[i] = v
	}
	tick := func(n uint64) time.Duration { return time.Duration(n) * time.Second / clockTicks }
	return procStat{comm: s[open+1 : end], own: tick(ticks[0] + ticks[1]), children: tick(ticks[2] + ticks[3])}, nil
}

// SelfCPU returns the user+system CPU time of this process, with
// microsecond resolution (getrusage).
func SelfCPU() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
