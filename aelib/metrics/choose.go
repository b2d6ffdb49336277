package metrics

import (
	"errors"
	"fmt"
	"strings"
)

// ChooseOnValidation returns the index of the row with the lowest validation MSE: the
// setting to report, whose test errors are then read once. Rows without validation
// errors cannot be chosen; if none has them, it is an error.
func ChooseOnValidation(rows []Result) (int, error) {
	best := -1
	for i, r := range rows {
		if r.Validation == (Summary{}) {
			continue
		}
		if best < 0 || r.Validation.MSE < rows[best].Validation.MSE {
			best = i
		}
	}
	if best < 0 {
		if len(rows) == 0 {
			return -1, errors.New("choose on validation: no rows")
		}
		return -1, fmt.Errorf("choose on validation: none of the %d rows has validation errors (train them with lab.Train on a lab.Split)", len(rows))
	}
	return best, nil
}

// Find returns the first row whose Model starts with prefix and whose CodeSize is
// codeSize (any code size when codeSize is 0).
func Find(rows []Result, prefix string, codeSize int) (Result, error) {
	for _, r := range rows {
		if strings.HasPrefix(r.Model, prefix) && (codeSize == 0 || r.CodeSize == codeSize) {
			return r, nil
		}
	}
	return Result{}, fmt.Errorf("no row %q with code size %d among %d rows", prefix, codeSize, len(rows))
}
