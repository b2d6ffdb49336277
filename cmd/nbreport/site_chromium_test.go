package main

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goautoencoders/autoencoders/internal/browsercheck"
)

// SiteCheckEnv turns on TestSiteInChromium (make notebooks-site-check sets it); it then
// fails, not skips, when Chromium is missing.
const SiteCheckEnv = "AELIB_SITE_CHECK"

// TestSiteInChromium renders the report site, reports/index.html (or $AELIB_SITE_INDEX),
// in headless Chromium, writes its screenshot beside it (index.png), and fails on a console
// error, a resource that does not load, or a link to a local file that does not exist. The
// run pages it links to are loaded and checked the same way. First it checks the checker:
// a planted page with a console error, a missing image and a dead link must fail.
func TestSiteInChromium(t *testing.T) {
	if os.Getenv(SiteCheckEnv) == "" {
		t.Skipf("set %s=1 to render reports/index.html in headless Chromium (make notebooks-site-check)", SiteCheckEnv)
	}
	chrome, err := browsercheck.Find()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	t.Run("planted faults are caught", func(t *testing.T) {
		dir := t.TempDir()
		page := filepath.Join(dir, "bad.html")
		content := `<!DOCTYPE html><html><body><a href="missing.html">x</a><img src="missing.png">
<script>console.error("planted error")</script></body></html>`
		if err := os.WriteFile(page, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		problems := checkPage(ctx, t, chrome, page, "")
		joined := strings.Join(problems, "\n")
		for _, want := range []string{"planted error", "missing.png", "broken link", "missing.html"} {
			if !strings.Contains(joined, want) {
				t.Errorf("planted fault %q not reported; got:\n%s", want, joined)
			}
		}
	})

	index := os.Getenv("AELIB_SITE_INDEX")
	if index == "" {
		index = filepath.Join("..", "..", "reports", "index.html")
	}
	if _, err := os.Stat(index); err != nil {
		t.Fatalf("%v: run make notebooks-quick (or go run ./cmd/nbreport) first", err)
	}
	shot := strings.TrimSuffix(index, ".html") + ".png"
	start := time.Now()
	problems := checkPage(ctx, t, chrome, index, shot)
	for _, p := range problems {
		t.Errorf("%s: %s", index, p)
	}
	t.Logf("%s rendered in %.1f s; screenshot %s", index, time.Since(start).Seconds(), shot)
}

// checkPage loads the local file page, returns its problems (and those of the local .html
// pages under runs/ it links to), and writes the screenshot to shot unless shot is "".
func checkPage(ctx context.Context, t *testing.T, chrome, page, shot string) []string {
	t.Helper()
	abs, err := filepath.Abs(page)
	if err != nil {
		t.Fatal(err)
	}
	u := (&url.URL{Scheme: "file", Path: abs}).String()
	res, err := browsercheck.Load(ctx, chrome, u, 1400, 900)
	if err != nil {
		t.Fatal(err)
	}
	problems := append([]string(nil), res.Errors...)
	if shot != "" {
		if err := os.WriteFile(shot, res.Screenshot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, link := range res.Links {
		lu, err := url.Parse(link)
		if err != nil || lu.Scheme != "file" {
			continue // only local files are checked; the site links nothing else
		}
		target := lu.Path
		if _, err := os.Stat(target); err != nil {
			problems = append(problems, "broken link "+link)
			continue
		}
		// Run pages are this command's own pages: check them in the browser too.
		if shot != "" && strings.Contains(filepath.ToSlash(target), "/runs/") && strings.HasSuffix(target, "/index.html") {
			for _, p := range checkPage(ctx, t, chrome, target, "") {
				problems = append(problems, target+": "+p)
			}
		}
	}
	return problems
}
