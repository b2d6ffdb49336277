package reportsite

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/goautoencoders/autoencoders/aelib/atomicfile"
	"github.com/goautoencoders/autoencoders/aelib/report"
	"github.com/goautoencoders/autoencoders/aelib/table"
)

// RunsDir is the folder under the page's folder that holds the copied run reports, one
// page (index.html) per run with its README.md, metrics.json and figures, so that the
// page's folder is complete on its own (it can be published or served as it is).
const RunsDir = "runs"

// Site is what the page shows.
type Site struct {
	Notebooks []Notebook
	Runs      []Run
	// Generated is when the page was built.
	Generated time.Time
}

// Problems returns every problem of the site, prefixed by the notebook or run it concerns.
func (s Site) Problems() []string {
	var out []string
	for _, n := range s.Notebooks {
		for _, p := range n.Problems {
			out = append(out, n.File+": "+p)
		}
	}
	for _, r := range s.Runs {
		if r.Problem != "" {
			out = append(out, "runs/"+r.Rel+": "+r.Problem)
		}
	}
	return out
}

// Write writes dir/index.html and, for each run, dir/runs/REL/ (its page, report and
// figures), replacing what an earlier Write left in dir/runs. It returns the path of
// index.html.
func (s Site) Write(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("report site: %w", err)
	}
	runsDir := filepath.Join(dir, RunsDir)
	if err := os.RemoveAll(runsDir); err != nil {
		return "", fmt.Errorf("report site: clearing %s: %w", runsDir, err)
	}
	for i := range s.Runs {
		r := &s.Runs[i]
		dst := filepath.Join(runsDir, filepath.FromSlash(r.Rel))
		missing, err := r.copyRun(dst)
		if err != nil {
			return "", fmt.Errorf("report site: %w", err)
		}
		if len(missing) > 0 && r.Problem == "" {
			r.Problem = "missing files: " + strings.Join(missing, ", ")
		}
		page, err := runPage(*r, missing)
		if err != nil {
			return "", fmt.Errorf("report site: run %s: %w", r.Rel, err)
		}
		if err := atomicfile.Write(filepath.Join(dst, "index.html"), page); err != nil {
			return "", fmt.Errorf("report site: run %s: %w", r.Rel, err)
		}
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, indexData(s)); err != nil {
		return "", fmt.Errorf("report site: rendering index.html: %w", err)
	}
	index := filepath.Join(dir, "index.html")
	if err := atomicfile.Write(index, buf.Bytes()); err != nil {
		return "", fmt.Errorf("report site: %w", err)
	}
	return index, nil
}

// runRow is one run in the index.
type runRow struct {
	Run
	Link    string
	Created string
	Commit  string
	Results []string
}

func indexData(s Site) map[string]any {
	var rows []runRow
	for _, r := range s.Runs {
		row := runRow{Run: r, Link: RunsDir + "/" + r.Rel + "/index.html", Commit: r.Report.Code.Commit}
		if len(row.Commit) > 12 {
			row.Commit = row.Commit[:12]
		}
		if !r.Report.Created.IsZero() {
			row.Created = r.Report.Created.UTC().Format("2006-01-02 15:04 UTC")
		}
		for _, res := range r.Report.Results {
			row.Results = append(row.Results, fmt.Sprintf("%s (code %d): MSE %.5f", res.Model, res.CodeSize, res.Metrics.MSE))
		}
		rows = append(rows, row)
	}
	return map[string]any{
		"Notebooks": s.Notebooks,
		"Runs":      rows,
		"Generated": s.Generated.UTC().Format(time.RFC3339),
	}
}

// runPage renders one run's page: its provenance, results, tables and figures.
func runPage(r Run, missing []string) ([]byte, error) {
	rep := r.Report
	var tables []map[string]any
	if len(rep.Results) > 0 {
		t := report.ResultsTable(rep.Results)
		tables = append(tables, map[string]any{"Title": "results", "HTML": template.HTML(table.HTML(t.Headers, t.Rows))})
	}
	for _, nt := range rep.Tables {
		tables = append(tables, map[string]any{"Title": nt.Title, "HTML": template.HTML(table.HTML(nt.Table.Headers, nt.Table.Rows))})
	}
	var extras []string
	keys := make([]string, 0, len(rep.Extra))
	for k := range rep.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		extras = append(extras, fmt.Sprintf("%s: %.4g", k, rep.Extra[k]))
	}
	var figures []string
	for _, f := range rep.Figures {
		if !contains(missing, f) && filepath.IsLocal(f) {
			figures = append(figures, filepath.ToSlash(f))
		}
	}
	created := ""
	if !rep.Created.IsZero() {
		created = rep.Created.UTC().Format(time.RFC3339)
	}
	var buf bytes.Buffer
	err := runTemplate.Execute(&buf, map[string]any{
		"Rel":     r.Rel,
		"Up":      strings.Repeat("../", strings.Count(r.Rel, "/")+2),
		"Problem": r.Problem,
		"Report":  rep,
		"Command": strings.Join(rep.Command, " "),
		"Created": created,
		"Backend": rep.Backend.String(),
		"Code":    rep.Code.String(),
		"Tables":  tables,
		"Extras":  extras,
		"Figures": figures,
	})
	return buf.Bytes(), err
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const style = `
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 80em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.7em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.hl { margin: 0; padding-left: 1.1em; }
.quick { color: #8a5a00; font-weight: bold; } .full { color: #1a6b1a; font-weight: bold; }
.bad { color: #b00020; } .muted { color: #777; } code { font-size: 0.95em; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.5em 0; }
`

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Autoencoder notebooks: report</title>
<style>` + style + `</style>
</head>
<body>
<h1>Autoencoder notebooks: executed reports</h1>
<p class="muted">Built {{.Generated}} by <code>go run ./cmd/nbreport</code> from the executed notebooks in this folder
and the aelab run reports under <code>runs/</code>. Every number below is read from the notebooks' outputs.</p>
<h2>Notebooks</h2>
{{if .Notebooks}}<table id="notebooks">
<thead><tr><th>notebook</th><th>mode</th><th>backend</th><th>commit</th><th>date</th><th>run time</th><th>headline numbers</th><th>check</th></tr></thead>
<tbody>
{{range .Notebooks}}<tr>
<td>{{if .HTML}}<a href="{{.HTML}}">{{.File}}</a>{{else}}{{.File}}{{end}}</td>
<td>{{if .Mode}}<span class="{{.Mode}}">{{.Mode}}</span>{{else}}<span class="bad">unknown</span>{{end}}</td>
<td>{{.Backend}}</td>
<td><code>{{.Commit}}</code>{{if .Dirty}} <span class="bad" title="uncommitted changes outside the notebooks">(dirty)</span>{{end}}</td>
<td>{{.Date}}</td>
<td class="num">{{if .RunTime}}{{.RunTime}} s{{end}}</td>
<td><ul class="hl">{{range .Headlines}}<li>{{.Label}}: {{if .Found}}<b>{{.Text}}</b>{{else}}<span class="bad">not found</span>{{end}}</li>{{end}}</ul></td>
<td>{{if eq .Check "ok"}}ok{{else}}<span class="bad">{{.Check}}</span>{{end}}{{if .Problems}}
<details><summary class="bad">{{len .Problems}} note(s)</summary><ul>{{range .Problems}}<li>{{.}}</li>{{end}}</ul></details>{{end}}</td>
</tr>
{{end}}</tbody>
</table>{{else}}<p>No executed notebooks: run <code>make notebooks</code> or <code>make notebooks-quick</code>.</p>{{end}}
<h2>aelab runs</h2>
{{if .Runs}}<table id="runs">
<thead><tr><th>run</th><th>command</th><th>created</th><th>run time</th><th>backend</th><th>commit</th><th>results</th></tr></thead>
<tbody>
{{range .Runs}}<tr>
<td><a href="{{.Link}}">{{.Rel}}</a>{{if .Problem}} <span class="bad">{{.Problem}}</span>{{end}}</td>
<td><code>{{range $i, $a := .Report.Command}}{{if $i}} {{end}}{{$a}}{{end}}</code></td>
<td>{{.Created}}</td>
<td class="num">{{printf "%.1f" .Report.Seconds}} s</td>
<td>{{.Report.Backend.Name}}</td>
<td><code>{{.Commit}}</code>{{if .Report.Code.Dirty}} <span class="bad">(dirty)</span>{{end}}</td>
<td><ul class="hl">{{range .Results}}<li>{{.}}</li>{{end}}</ul></td>
</tr>
{{end}}</tbody>
</table>{{else}}<p>No aelab run reports under <code>runs/</code> (e.g. <code>make demo</code>).</p>{{end}}
</body>
</html>
`))

var runTemplate = template.Must(template.New("run").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>aelab {{.Report.Title}}: {{.Rel}}</title>
<style>` + style + `</style>
</head>
<body>
<p><a href="{{.Up}}index.html">all reports</a></p>
<h1>aelab {{.Report.Title}}: runs/{{.Rel}}</h1>
{{if .Problem}}<p class="bad">{{.Problem}}</p>{{end}}
<ul>
<li>command: <code>{{.Command}}</code></li>
<li>created: {{.Created}}, run time {{printf "%.1f" .Report.Seconds}} s</li>
<li>{{.Backend}}</li>
<li>machine: {{.Report.Machine}}</li>
<li>code: {{.Code}}</li>
{{if .Report.Data}}<li>data: {{.Report.Data}}</li>{{end}}
<li>files: <a href="README.md">README.md</a>, <a href="metrics.json">metrics.json</a></li>
</ul>
{{range .Tables}}<h2>{{.Title}}</h2>
{{.HTML}}{{end}}
{{if .Extras}}<ul>{{range .Extras}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{range .Figures}}<p><img src="{{.}}" alt="{{.}}"></p>
{{end}}
</body>
</html>
`))
