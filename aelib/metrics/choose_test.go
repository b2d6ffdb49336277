package metrics

import "testing"

func TestChooseOnValidation(t *testing.T) {
	rows := []Result{
		{Model: "a", Metrics: Summary{MSE: 0.001}, Validation: Summary{MSE: 0.012}},
		{Model: "b", Metrics: Summary{MSE: 0.009}, Validation: Summary{MSE: 0.010}},
		{Model: "PCA", Metrics: Summary{MSE: 0.0001}}, // no validation: never chosen
	}
	if i, err := ChooseOnValidation(rows); err != nil || i != 1 {
		t.Errorf("ChooseOnValidation = %d, %v; want 1 (the lowest validation MSE, not the lowest test MSE)", i, err)
	}
	for _, bad := range [][]Result{nil, rows[2:]} {
		if i, err := ChooseOnValidation(bad); err == nil || i != -1 {
			t.Errorf("ChooseOnValidation(%v) = %d, %v; want an error", bad, i, err)
		}
	}
}

func TestFind(t *testing.T) {
	rows := []Result{{Model: "PCA", CodeSize: 2}, {Model: "autoencoder 784-128-2-128-784", CodeSize: 2}, {Model: "PCA", CodeSize: 32}}
	if r, err := Find(rows, "PCA", 32); err != nil || r.CodeSize != 32 {
		t.Errorf("Find PCA 32 = %+v, %v", r, err)
	}
	if r, err := Find(rows, "autoencoder 784-128", 0); err != nil || r.CodeSize != 2 {
		t.Errorf("Find by prefix = %+v, %v", r, err)
	}
	if _, err := Find(rows, "PCA", 64); err == nil {
		t.Error("Find of a missing row: no error")
	}
}
