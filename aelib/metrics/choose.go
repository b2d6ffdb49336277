package metrics

import (
	"errors"
	"fmt"
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
