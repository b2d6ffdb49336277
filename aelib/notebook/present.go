package notebook

import (
	"fmt"

	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/report"
)

// ShowTable displays a table straight from the function that builds it, error included:
//
//	must.M(notebook.ShowTable(report.PSNRTable(r)))
//
// It returns err (wrapped) without displaying anything when err is not nil.
func ShowTable(t report.Table, err error) error {
	if err != nil {
		return fmt.Errorf("notebook: ShowTable: %w", err)
	}
	return Table(t.Headers, t.Rows)
}

// Draw displays a figure straight from the function that draws it, error included:
//
//	must.M(notebook.Draw(report.RestorationGrid(clean, r, 8)))
//
// It returns err (wrapped) without displaying anything when err is not nil.
func Draw(fig *plots.Figure, err error) error {
	if err != nil {
		return fmt.Errorf("notebook: Draw: %w", err)
	}
	return Show(fig)
}
