// Package browsercheck loads a page in headless Chromium and reports what a reader's
// browser would complain about: console errors, uncaught exceptions, resources that fail
// to load, and the links of the page; it also takes a screenshot. It talks to Chromium
// over the DevTools protocol on a pipe (--remote-debugging-pipe), so it needs no
// WebSocket library and no port.
package browsercheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Result is what loading a page showed.
type Result struct {
	// Errors are console errors, uncaught exceptions and failed resource loads, one line each.
	Errors []string
	// Links are the absolute URLs of the page's <a href> elements, in document order.
	Links []string
	// Screenshot is a PNG of the viewport.
	Screenshot []byte
}

// Find returns the path of a Chromium binary (chromium, chromium-browser, google-chrome),
// or an error that says how to install one.
func Find() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found on PATH (chromium, chromium-browser, google-chrome): install it with `apt-get install -y chromium` (scripts/setup-notebooks.sh does)")
}

// Load opens url in a fresh headless Chromium (binary chrome) with a width×height
// viewport, waits for the load event and a short settling time, and returns what it saw.
func Load(ctx context.Context, chrome, url string, width, height int) (*Result, error) {
	profile, err := os.MkdirTemp("", "browsercheck-*")
	if err != nil {
		return nil, fmt.Errorf("browsercheck: %w", err)
	}
	defer os.RemoveAll(profile)
	toChrome, fromUs, err := os.Pipe() // Chromium reads commands on fd 3
	if err != nil {
		return nil, fmt.Errorf("browsercheck: %w", err)
	}
	fromChrome, toUs, err := os.Pipe() // and writes replies on fd 4
	if err != nil {
		return nil, fmt.Errorf("browsercheck: %w", err)
	}
	cmd := exec.CommandContext(ctx, chrome, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check", "--user-data-dir="+profile,
		fmt.Sprintf("--window-size=%d,%d", width, height), "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, toUs}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("browsercheck: starting %s: %w", chrome, err)
	}
	toChrome.Close()
	toUs.Close()
	c := &client{w: fromUs, pending: map[int]chan reply{}, events: make(chan event, 1024)}
	go c.readLoop(fromChrome)
	defer func() {
		fromUs.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		fromChrome.Close()
	}()
	res, err := c.load(ctx, url, width, height)
	if err != nil {
		return nil, fmt.Errorf("browsercheck: %s: %w (chromium said: %s)", url, err, lastLines(stderr.String(), 5))
	}
	return res, nil
}

// client is a minimal DevTools protocol client over Chromium's pipe (messages are JSON
// terminated by a NUL byte).
type client struct {
	w       *os.File
	mu      sync.Mutex
	nextID  int
	pending map[int]chan reply
	events  chan event
}

type reply struct {
	Result json.RawMessage
	Err    error
}

type event struct {
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	SessionID string          `json:"sessionId"`
}

func (c *client) readLoop(r *os.File) {
	br := bufio.NewReader(r)
	for {
		msg, err := br.ReadBytes(0)
		if err != nil {
			c.mu.Lock()
			for id, ch := range c.pending {
				ch <- reply{Err: fmt.Errorf("chromium closed the pipe: %v", err)}
				delete(c.pending, id)
			}
			c.mu.Unlock()
			close(c.events)
			return
		}
		var m struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
			event
		}
		if err := json.Unmarshal(bytes.TrimSuffix(msg, []byte{0}), &m); err != nil {
			continue
		}
		if m.ID != 0 {
			c.mu.Lock()
			ch := c.pending[m.ID]
			delete(c.pending, m.ID)
			c.mu.Unlock()
			if ch != nil {
				rep := reply{Result: m.Result}
				if m.Error != nil {
					rep.Err = errors.New(m.Error.Message)
				}
				ch <- rep
			}
			continue
		}
		select {
		case c.events <- m.event:
		default: // drop events nobody reads
		}
	}
}

// call sends a command (to sessionID's target when not "") and waits for its reply.
func (c *client) call(ctx context.Context, sessionID, method string, params any, result any) error {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan reply, 1)
	c.pending[id] = ch
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if sessionID != "" {
		msg["sessionId"] = sessionID
	}
	data, err := json.Marshal(msg)
	if err == nil {
		_, err = c.w.Write(append(data, 0))
	}
	c.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case rep := <-ch:
		if rep.Err != nil {
			return fmt.Errorf("%s: %w", method, rep.Err)
		}
		if result != nil {
			return json.Unmarshal(rep.Result, result)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

func (c *client) load(ctx context.Context, url string, width, height int) (*Result, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := c.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		return nil, err
	}
	s := attached.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable", "Network.enable"} {
		if err := c.call(ctx, s, m, nil, nil); err != nil {
			return nil, err
		}
	}
	if err := c.call(ctx, s, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return nil, err
	}
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := c.call(ctx, s, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return nil, err
	}
	res := &Result{}
	if nav.ErrorText != "" {
		res.Errors = append(res.Errors, "navigation failed: "+nav.ErrorText)
	}
	// Collect events until the load event, then for a short settling time.
	loaded := false
	settle := time.NewTimer(10 * time.Second)
	defer settle.Stop()
collect:
	for {
		select {
		case ev, ok := <-c.events:
			if !ok {
				return nil, errors.New("chromium exited while loading the page")
			}
			if ev.SessionID != s {
				continue
			}
			if ev.Method == "Page.loadEventFired" && !loaded {
				loaded = true
				settle.Reset(300 * time.Millisecond)
			}
			if line := describeEvent(ev); line != "" {
				res.Errors = append(res.Errors, line)
			}
		case <-settle.C:
			if !loaded {
				return nil, errors.New("no load event within 10 s")
			}
			break collect
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	var links struct {
		Result struct {
			Value []string `json:"value"`
		} `json:"result"`
	}
	if err := c.call(ctx, s, "Runtime.evaluate", map[string]any{
		"expression": "Array.from(document.querySelectorAll('a[href]'), a => a.href)", "returnByValue": true}, &links); err != nil {
		return nil, err
	}
	res.Links = links.Result.Value
	var shot struct {
		Data string `json:"data"`
	}
	if err := c.call(ctx, s, "Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true}, &shot); err != nil {
		return nil, err
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		return nil, fmt.Errorf("screenshot: %w", err)
	}
	res.Screenshot = png
	return res, nil
}

// describeEvent returns a line for an event that a reader would see as an error, else "".
func describeEvent(ev event) string {
	switch ev.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(ev.Params, &p) != nil || (p.Type != "error" && p.Type != "assert") {
			return ""
		}
		var parts []any
		for _, a := range p.Args {
			if a.Value != nil {
				parts = append(parts, a.Value)
			} else {
				parts = append(parts, a.Description)
			}
		}
		return "console." + p.Type + ": " + fmt.Sprint(parts...)
	case "Runtime.exceptionThrown":
		var p struct {
			Details struct {
				Text      string `json:"text"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		_ = json.Unmarshal(ev.Params, &p)
		return "uncaught exception: " + p.Details.Text + " " + p.Details.Exception.Description
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Level string `json:"level"`
				Text  string `json:"text"`
				URL   string `json:"url"`
			} `json:"entry"`
		}
		if json.Unmarshal(ev.Params, &p) != nil || p.Entry.Level != "error" {
			return ""
		}
		return "console: " + p.Entry.Text + " " + p.Entry.URL
	case "Network.loadingFailed":
		var p struct {
			ErrorText string `json:"errorText"`
			Canceled  bool   `json:"canceled"`
		}
		if json.Unmarshal(ev.Params, &p) != nil || p.Canceled {
			return ""
		}
		return "resource failed to load: " + p.ErrorText
	}
	return ""
}

func lastLines(s string, n int) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte(" | ")))
}
