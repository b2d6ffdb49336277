package table

import (
	"fmt"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		rows    [][]string
		want    string
	}{
		{
			name:    "empty",
			headers: nil,
			rows:    nil,
			want:    "",
		},
		{
			name:    "headers only",
			headers: []string{"a", "bb"},
			want:    "a  bb\n-  --\n",
		},
		{
			name:    "numeric column right aligned",
			headers: []string{"model", "MSE"},
			rows:    [][]string{{"PCA", "0.5"}, {"autoencoder", "0.125"}},
			want: "" +
				"model        MSE\n" +
				"-----------  -----\n" +
				"PCA            0.5\n" +
				"autoencoder  0.125\n",
		},
		{
			name:    "ragged rows padded",
			headers: []string{"x"},
			rows:    [][]string{{"1", "extra"}, {}},
			want: "" +
				"x\n" +
				"-  -----\n" +
				"1  extra\n" +
				"\n",
		},
		{
			name: "no headers",
			rows: [][]string{{"ab", "1"}, {"c", "10"}},
			want: "ab   1\nc   10\n",
		},
		{
			name:    "unicode width counts runes",
			headers: []string{"σ", "n"},
			rows:    [][]string{{"ααα", "1"}},
			want:    "σ    n\n---  -\nααα  1\n",
		},
		{
			name:    "percent is numeric",
			headers: []string{"acc"},
			rows:    [][]string{{"9.5%"}, {"95%"}},
			want:    "acc\n----\n9.5%\n 95%\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.headers, tc.rows)
			if got != tc.want {
				t.Errorf("Text() =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		rows    [][]string
		want    string
	}{
		{name: "empty", want: ""},
		{
			name:    "basic",
			headers: []string{"model", "MSE"},
			rows:    [][]string{{"PCA", "0.5"}, {"a|b", "1"}},
			want: "" +
				"| model | MSE |\n" +
				"| --- | ---: |\n" +
				"| PCA | 0.5 |\n" +
				"| a\\|b | 1 |\n",
		},
		{
			name: "no headers gets blank header",
			rows: [][]string{{"x", "y\nz"}},
			want: "|  |  |\n| --- | --- |\n| x | y z |\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Markdown(tc.headers, tc.rows)
			if got != tc.want {
				t.Errorf("Markdown() =\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name    string
		headers []string
		rows    [][]string
		want    string
	}{
		{name: "empty", want: ""},
		{
			name:    "escaped and aligned",
			headers: []string{"name", "n"},
			rows:    [][]string{{"<b>&", "3"}},
			want: "<table>\n<thead>\n" +
				`<tr><th>name</th><th style="text-align:right">n</th></tr>` + "\n" +
				"</thead>\n<tbody>\n" +
				`<tr><td>&lt;b&gt;&amp;</td><td style="text-align:right">3</td></tr>` + "\n" +
				"</tbody>\n</table>\n",
		},
		{
			name: "no headers",
			rows: [][]string{{"a"}},
			want: "<table>\n<tbody>\n<tr><td>a</td></tr>\n</tbody>\n</table>\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := HTML(tc.headers, tc.rows)
			if got != tc.want {
				t.Errorf("HTML() =\n%q\nwant\n%q", got, tc.want)
			}
			if strings.Contains(got, "<script") {
				t.Errorf("HTML() contains a script tag")
			}
		})
	}
}

func TestInputsNotModified(t *testing.T) {
	headers := []string{"a"}
	rows := [][]string{{"1", "2"}}
	_ = Text(headers, rows)
	_ = Markdown(headers, rows)
	_ = HTML(headers, rows)
	if len(headers) != 1 || len(rows[0]) != 2 {
		t.Fatalf("inputs were modified: %v %v", headers, rows)
	}
}

func ExampleText() {
	headers := []string{"model", "code", "MSE"}
	rows := [][]string{
		{"PCA", "32", "0.0172"},
		{"autoencoder", "32", "0.0105"},
	}
	fmt.Print(Text(headers, rows))
	// Output:
	// model        code  MSE
	// -----------  ----  ------
	// PCA            32  0.0172
	// autoencoder    32  0.0105
}
