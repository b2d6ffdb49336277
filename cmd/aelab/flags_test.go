package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/lab"
	"github.com/goautoencoders/autoencoders/aelib/model"
)

// parseOnly parses and checks a command line as the command would, with nothing loaded or
// trained, and returns the model config it would train.
func parseOnly(command string, args []string) (model.Config, error) {
	var c *common
	var err error
	switch command {
	case "demo":
		c, err = parseDemo(args, io.Discard)
	case "compare":
		c, _, err = parseCompare(args, io.Discard)
	case "denoise":
		c, _, err = parseDenoise(args, io.Discard)
	case "anomaly":
		c, _, _, err = parseAnomaly(args, io.Discard)
	default:
		return model.Config{}, usagef("unknown command %q", command)
	}
	if err != nil {
		return model.Config{}, err
	}
	return c.cfg, nil
}

// sweepValues are the values every numeric flag is tried with.
var sweepValues = []string{"NaN", "+Inf", "-Inf", "-1", "0"}

// numericFlag is one numeric flag of a command and which of sweepValues it accepts.
type numericFlag struct {
	command string
	flag    string
	before  []string // arguments the flag needs to exist or to apply, e.g. --kind conv
	accepts []string // the values of sweepValues that are valid
}

// numericFlags lists every numeric flag of every command: the shared ones on each of the
// four commands, then each command's own.
func numericFlags() []numericFlag {
	shared := []struct {
		flag    string
		accepts []string
	}{
		{"code", nil},
		{"lr", nil},
		{"weight-decay", []string{"0"}},
		{"lr-cosine", []string{"0"}},
		{"dropout", []string{"0"}},
		{"batch", nil},
		{"epochs", nil},
		{"seed", []string{"-1", "0"}},
		{"hidden", nil},
		{"sparse-l1", []string{"0"}},
		{"sparse-beta", []string{"0"}},
		{"sparse-target", nil}, // applies only with --sparse-beta
		{"contractive", []string{"0"}},
		{"noise-level", nil}, // applies only with --noise; 0 corrupts nothing
		{"train-n", []string{"0"}},
		{"test-n", []string{"0"}},
	}
	var out []numericFlag
	for _, cmd := range []string{"demo", "compare", "denoise", "anomaly"} {
		for _, s := range shared {
			accepts := s.accepts
			if cmd == "compare" && s.flag == "code" {
				accepts = nil // compare sweeps --codes
			}
			out = append(out, numericFlag{command: cmd, flag: s.flag, accepts: accepts})
		}
	}
	conv := []string{"--kind", "conv"}
	return append(out,
		numericFlag{command: "demo", flag: "kernel", before: conv},
		numericFlag{command: "demo", flag: "filters", before: conv},
		numericFlag{command: "anomaly", flag: "kernel", before: conv},
		numericFlag{command: "demo", flag: "sparse-target", before: []string{"--sparse-beta", "1", "--activation", "sigmoid"}},
		numericFlag{command: "demo", flag: "noise-level", before: []string{"--noise", "masking"}},
		numericFlag{command: "compare", flag: "codes"},
		numericFlag{command: "denoise", flag: "levels", accepts: []string{"0"}},
		numericFlag{command: "anomaly", flag: "pca", accepts: []string{"0"}},
		numericFlag{command: "anomaly", flag: "classes", accepts: []string{"0"}},
	)
}

// TestNumericFlagSweep runs every numeric flag of every command with NaN, ±Inf, a negative
// number and zero. A value the flag refuses exits with status 2 and one line on stderr
// naming the flag, with no panic and nothing loaded; a value it accepts parses to a config
// that names a run folder.
func TestNumericFlagSweep(t *testing.T) {
	for _, nf := range numericFlags() {
		for _, v := range sweepValues {
			args := append(append(append([]string{}, nf.before...), "--"+nf.flag), v)
			name := nf.command + " " + strings.Join(args, " ")
			if contains(nf.accepts, v) {
				cfg, err := parseOnly(nf.command, args)
				if err != nil {
					t.Errorf("%s: refused a valid value: %v", name, err)
				} else if _, err := lab.RunName(cfg); err != nil {
					t.Errorf("%s: %v", name, err)
				}
				continue
			}
			var stdout, stderr bytes.Buffer
			code := runNoPanic(t, append([]string{nf.command}, args...), &stdout, &stderr)
			msg := stderr.String()
			if code != 2 || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "--"+nf.flag) || stdout.Len() != 0 {
				t.Errorf("%s: exit %d, stdout %q, stderr %q; want 2 and one line naming --%s", name, code, stdout.String(), msg, nf.flag)
			}
		}
	}
}

// runNoPanic is run, failing the test (not the test binary) if it panics.
func runNoPanic(t *testing.T, args []string, stdout, stderr io.Writer) (code int) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("aelab %s panicked: %v", strings.Join(args, " "), r)
			code = -1
		}
	}()
	return run(args, stdout, stderr)
}

func contains(values []string, v string) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}

// TestFlagsThatNeedAnother: a flag that only applies with another one is an error that
// names both.
func TestFlagsThatNeedAnother(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"demo", "--noise-level", "0.3"}, []string{"--noise-level applies only with --noise"}},
		{[]string{"demo", "--noise-level", "NaN"}, []string{"--noise-level applies only with --noise"}},
		{[]string{"denoise", "--noise", "", "--noise-level", "0.3"}, []string{"--noise-level applies only with --noise"}},
		{[]string{"demo", "--sparse-target", "0.05"}, []string{"--sparse-target applies only with --sparse-beta"}},
		{[]string{"demo", "--lr", "Inf", "--epochs", "0"}, []string{"--lr: ", "--epochs: "}}, // every problem listed
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := runNoPanic(t, tt.args, &stdout, &stderr)
		for _, w := range tt.want {
			if code != 2 || !strings.Contains(stderr.String(), w) || strings.Count(stderr.String(), "\n") != 1 {
				t.Errorf("aelab %s: exit %d, stderr %q; want 2 and one line with %q", strings.Join(tt.args, " "), code, stderr.String(), w)
			}
		}
	}
	if _, err := parseOnly("denoise", []string{"--noise", "masking", "--noise-level", "0.3"}); err != nil {
		t.Errorf("--noise with --noise-level refused: %v", err)
	}
}

// FuzzFlags feeds arbitrary command lines to every command's parser: it never panics;
// what it refuses is a usage error of one line (or -h); what it accepts is a valid config
// that names a run folder and marshals to JSON. The seeds run as a normal test.
func FuzzFlags(f *testing.F) {
	seeds := []string{
		"demo",
		"demo --lr Inf",
		"demo --lr=NaN --epochs 0 --code -3",
		"demo --noise-level NaN",
		"demo --kind conv --kernel 4 --filters 8,x",
		"demo --kind=variational --hidden 64 --code 2",
		"demo --preset hinton2006 --lr-cosine 2",
		"demo --sparse-beta 1 --sparse-target 1e309",
		"demo --dropout 1 --hidden 10",
		"demo --kind",
		"demo -kind= --preset",
		"compare --codes 2,8,,16",
		"compare --codes 1e3",
		"denoise --noise lowres --noise-level 3 --levels 2,4",
		"denoise --noise watermark --levels -0",
		"anomaly --classes 1,2,3 --pca 1000",
		"anomaly --classes ,",
		"demo --seed -9223372036854775808 --batch 9223372036854775807",
		"demo -h",
		"demo --train-n 0x10 --test-n 1_000",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			return
		}
		var cfg model.Config
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%q panicked: %v", line, r)
				}
			}()
			cfg, err = parseOnly(fields[0], fields[1:])
		}()
		var ue usageError
		switch {
		case errors.Is(err, flag.ErrHelp):
		case err != nil:
			if !errors.As(err, &ue) {
				t.Fatalf("%q: %v is not a usage error", line, err)
			}
			if strings.Contains(oneLine(err), "\n") {
				t.Fatalf("%q: usage message of several lines", line)
			}
		default:
			if err := cfg.Validate(); err != nil {
				t.Fatalf("%q: accepted an invalid config: %v", line, err)
			}
			if _, err := lab.RunName(cfg); err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			if _, err := json.Marshal(cfg); err != nil {
				t.Fatalf("%q: the config does not marshal: %v", line, err)
			}
		}
	})
}
