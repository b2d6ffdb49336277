//go:build linux || darwin

package notebook

import (
	"encoding/gob"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// helperEnv marks the child process of TestThroughGoNBPipes.
const helperEnv = "AELIB_NOTEBOOK_PIPE_HELPER"

// TestGoNBPipeHelper is the "cell program" run by TestThroughGoNBPipes: it
// runs with GoNB's pipe variables set, so gonbui really talks over them.
func TestGoNBPipeHelper(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("helper process only")
	}
	if !gonbui.IsNotebook || !InNotebook() {
		t.Fatal("gonbui does not see the GoNB pipe")
	}
	fig, err := plots.Bars([]string{"a"}, []float64{1}, "t", "y")
	if err != nil {
		t.Fatal(err)
	}
	fig.WithSize(60, 40)
	check := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	check(Show(fig))
	check(Table([]string{"h"}, [][]string{{"v"}}))
	p := NewProgress(1, "epoch")
	p.Update(1, "loss 0.5")
	p.Done()
	lp := NewLivePlot()
	check(lp.Update(fig))
	check(lp.Done())
}

// TestThroughGoNBPipes runs TestGoNBPipeHelper in a child process wired to
// named pipes, as GoNB runs a cell, and checks the messages gonbui sends.
func TestThroughGoNBPipes(t *testing.T) {
	if os.Getenv(helperEnv) == "1" {
		t.Skip("inside the helper")
	}
	dir := t.TempDir()
	toKernel, fromKernel := filepath.Join(dir, "pipe"), filepath.Join(dir, "back")
	for _, p := range []string{toKernel, fromKernel} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatalf("cannot make a named pipe: %v", err)
		}
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestGoNBPipeHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"=1",
		protocol.GONB_PIPE_ENV+"="+toKernel, protocol.GONB_PIPE_BACK_ENV+"="+fromKernel)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	msgs := make(chan []*protocol.DisplayData, 1)
	go func() { msgs <- readDisplayData(t, toKernel) }()
	backOpened := make(chan *os.File, 1)
	go func() { // blocks until the child opens its end
		back, err := os.OpenFile(fromKernel, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
		}
		backOpened <- back
	}()
	err := cmd.Wait()
	unblockPipeOpens(toKernel, fromKernel)
	if back := <-backOpened; back != nil {
		_ = back.Close()
	}
	if err != nil {
		t.Fatalf("helper failed: %v\n%s", err, out.String())
	}
	got := summarise(<-msgs)
	want := []string{
		"image/png",
		"text/html <table>",
		"text/html@aelib_progress_ <div",
		"text/html@aelib_progress_ ",
		"text/html <div",
		"text/html@aelib_liveplot_ <img src=\"data:image/png;base64,",
		"text/html@aelib_liveplot_ ",
		"image/png",
	}
	if len(got) != len(want) {
		t.Fatalf("messages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("message %d = %q, want prefix %q", i, got[i], want[i])
		}
	}
}

// unblockPipeOpens opens, without blocking, the other end of both pipes,
// so opens of ours still waiting for a child that died early return.
func unblockPipeOpens(toKernel, fromKernel string) {
	if f, err := os.OpenFile(toKernel, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
		_ = f.Close() // the reader then sees EOF
	}
	if f, err := os.OpenFile(fromKernel, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
		_ = f.Close()
	}
}

// readDisplayData decodes the messages written to the pipe until EOF.
func readDisplayData(t *testing.T, path string) []*protocol.DisplayData {
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return nil
	}
	defer f.Close()
	dec := gob.NewDecoder(f)
	var msgs []*protocol.DisplayData
	for {
		msg := &protocol.DisplayData{}
		err := dec.Decode(msg)
		if errors.Is(err, io.EOF) {
			return msgs
		}
		if err != nil {
			t.Error(err)
			return msgs
		}
		msgs = append(msgs, msg)
	}
}

// summarise renders each message as "MIME[@display-id-prefix] content-start".
func summarise(msgs []*protocol.DisplayData) []string {
	var out []string
	for _, m := range msgs {
		for mime, v := range m.Data {
			s := string(mime)
			if m.DisplayID != "" {
				s += "@" + strings.TrimRight(m.DisplayID, "0123456789abcdefABCDEF-")
			}
			if str, ok := v.(string); ok {
				s += " " + str[:min(len(str), 40)]
			}
			out = append(out, s)
		}
	}
	return out
}
