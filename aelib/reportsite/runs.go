package reportsite

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/goautoencoders/autoencoders/aelib/report"
)

// Run is one aelab run report found under runs/: a folder holding metrics.json and
// README.md (report.Report.Write).
type Run struct {
	// Rel is the run folder relative to the runs root, with forward slashes ("demo",
	// "mnist/compare").
	Rel string
	// Dir is the run folder as found.
	Dir string
	// Report is metrics.json's content.
	Report report.Report
	// Problem, when set, says why metrics.json could not be read.
	Problem string
}

// FindRuns returns the run reports under root, sorted by folder. A missing root gives no
// runs and no error (nothing has been run yet). A metrics.json that does not parse gives a
// Run with Problem set.
func FindRuns(root string) ([]Run, error) {
	if _, err := os.Stat(root); os.IsNotExist(err) {
		return nil, nil
	}
	var runs []Run
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if !isFile(filepath.Join(path, "metrics.json")) || !isFile(filepath.Join(path, "README.md")) {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		r := Run{Rel: filepath.ToSlash(rel), Dir: path}
		data, err := os.ReadFile(filepath.Join(path, "metrics.json"))
		if err == nil {
			err = json.Unmarshal(data, &r.Report)
		}
		if err != nil {
			r.Problem = fmt.Sprintf("metrics.json: %v", err)
		}
		runs = append(runs, r)
		return filepath.SkipDir // a run folder holds no further runs
	})
	if err != nil {
		return nil, fmt.Errorf("finding run reports under %s: %w", root, err)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].Rel < runs[j].Rel })
	return runs, nil
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// runFiles are the files of a run folder copied beside its page: the report itself and
// its figures (named in metrics.json, so nothing else of the folder, such as checkpoints,
// is copied).
func (r Run) runFiles() []string {
	files := []string{"metrics.json", "README.md"}
	for _, f := range r.Report.Figures {
		if f != "" && !strings.Contains(f, "..") && filepath.IsLocal(f) {
			files = append(files, f)
		}
	}
	return files
}

// copyRun copies the run's report files into dst; a figure that is missing is skipped
// and reported.
func (r Run) copyRun(dst string) (missing []string, err error) {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return nil, fmt.Errorf("run %s: %w", r.Rel, err)
	}
	for _, f := range r.runFiles() {
		data, err := os.ReadFile(filepath.Join(r.Dir, f))
		if err != nil {
			missing = append(missing, f)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, f)), 0o755); err != nil {
			return nil, fmt.Errorf("run %s: %w", r.Rel, err)
		}
		if err := os.WriteFile(filepath.Join(dst, f), data, 0o644); err != nil {
			return nil, fmt.Errorf("run %s: copying %s: %w", r.Rel, f, err)
		}
	}
	return missing, nil
}
