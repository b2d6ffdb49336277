// Package table formats small tables of strings as aligned plain text,
// GitHub-flavoured Markdown or static HTML.
//
// It has no dependencies outside the standard library, so both the CLI
// (terminal output) and the notebook helpers can use it.
//
// Rows may be ragged: the number of columns is the largest of len(headers)
// and the longest row, and missing cells are rendered empty. Columns whose
// non-empty cells all parse as numbers are right-aligned.
//
// Example:
//
//	headers := []string{"model", "code", "MSE"}
//	rows := [][]string{
//		{"PCA", "32", "0.0172"},
//		{"autoencoder", "32", "0.0105"},
//	}
//	fmt.Print(table.Text(headers, rows))
//	// model        code  MSE
//	// -----------  ----  ------
//	// PCA            32  0.0172
//	// autoencoder    32  0.0105
package table

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// columnSep separates columns in Text output.
const columnSep = "  "

// layout is the normalised shape of a table: every row has exactly numCols
// cells, and rightAlign says which columns hold only numbers.
type layout struct {
	headers    []string // nil when the table has no header row
	rows       [][]string
	numCols    int
	rightAlign []bool
}

// newLayout pads headers and rows to a common number of columns and decides
// the alignment of each column.
func newLayout(headers []string, rows [][]string) layout {
	numCols := len(headers)
	for _, row := range rows {
		numCols = max(numCols, len(row))
	}
	l := layout{numCols: numCols}
	if len(headers) > 0 {
		l.headers = padRow(headers, numCols)
	}
	l.rows = make([][]string, len(rows))
	for i, row := range rows {
		l.rows[i] = padRow(row, numCols)
	}
	l.rightAlign = numericColumns(l.rows, numCols)
	return l
}

// padRow returns a copy of row extended with empty cells to n columns.
func padRow(row []string, n int) []string {
	out := make([]string, n)
	copy(out, row)
	return out
}

// numericColumns reports, for each column, whether it has at least one
// non-empty cell and all its non-empty cells parse as numbers.
func numericColumns(rows [][]string, numCols int) []bool {
	numeric := make([]bool, numCols)
	for c := range numCols {
		numeric[c] = isNumericColumn(rows, c)
	}
	return numeric
}

// isNumericColumn reports whether column c holds only numbers (ignoring
// empty cells) and at least one of them.
func isNumericColumn(rows [][]string, c int) bool {
	seen := false
	for _, row := range rows {
		cell := strings.TrimSpace(row[c])
		if cell == "" {
			continue
		}
		if !isNumber(cell) {
			return false
		}
		seen = true
	}
	return seen
}

// isNumber reports whether s is a number, optionally followed by "%".
func isNumber(s string) bool {
	s = strings.TrimSuffix(s, "%")
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// Text formats the table as aligned plain text for a terminal: columns are
// separated by two spaces, the header row (if any) is underlined with
// dashes, trailing spaces are trimmed and every line ends with "\n".
// It returns "" for a table with no headers and no rows.
func Text(headers []string, rows [][]string) string {
	l := newLayout(headers, rows)
	if l.numCols == 0 {
		return ""
	}
	widths := columnWidths(l)
	var sb strings.Builder
	if l.headers != nil {
		writeTextRow(&sb, l.headers, widths, nil)
		writeTextRow(&sb, dashes(widths), widths, nil)
	}
	for _, row := range l.rows {
		writeTextRow(&sb, row, widths, l.rightAlign)
	}
	return sb.String()
}

// columnWidths returns the display width (in runes) of each column.
func columnWidths(l layout) []int {
	widths := make([]int, l.numCols)
	grow := func(row []string) {
		for c, cell := range row {
			widths[c] = max(widths[c], utf8.RuneCountInString(cell))
		}
	}
	if l.headers != nil {
		grow(l.headers)
	}
	for _, row := range l.rows {
		grow(row)
	}
	return widths
}

// dashes returns one run of dashes per column, as wide as the column.
func dashes(widths []int) []string {
	out := make([]string, len(widths))
	for c, w := range widths {
		out[c] = strings.Repeat("-", w)
	}
	return out
}

// writeTextRow writes one padded row; rightAlign may be nil (all left).
func writeTextRow(sb *strings.Builder, row []string, widths []int, rightAlign []bool) {
	var line strings.Builder
	for c, cell := range row {
		if c > 0 {
			line.WriteString(columnSep)
		}
		pad := strings.Repeat(" ", widths[c]-utf8.RuneCountInString(cell))
		if rightAlign != nil && rightAlign[c] {
			line.WriteString(pad + cell)
		} else {
			line.WriteString(cell + pad)
		}
	}
	sb.WriteString(strings.TrimRight(line.String(), " "))
	sb.WriteByte('\n')
}

// Markdown formats the table as a GitHub-flavoured Markdown table. Numeric
// columns get a right-aligned ("---:") separator; "|" in cells is escaped
// and newlines become spaces. A table without headers gets an empty header
// row, since Markdown tables require one. It returns "" for an empty table.
func Markdown(headers []string, rows [][]string) string {
	l := newLayout(headers, rows)
	if l.numCols == 0 {
		return ""
	}
	head := l.headers
	if head == nil {
		head = make([]string, l.numCols)
	}
	var sb strings.Builder
	writeMarkdownRow(&sb, head)
	writeMarkdownRow(&sb, markdownSeparators(l.rightAlign))
	for _, row := range l.rows {
		writeMarkdownRow(&sb, row)
	}
	return sb.String()
}

// markdownSeparators returns the "---" / "---:" cells of the header rule.
func markdownSeparators(rightAlign []bool) []string {
	out := make([]string, len(rightAlign))
	for c, right := range rightAlign {
		out[c] = "---"
		if right {
			out[c] = "---:"
		}
	}
	return out
}

// writeMarkdownRow writes "| a | b |\n" with cells escaped.
func writeMarkdownRow(sb *strings.Builder, row []string) {
	sb.WriteString("|")
	for _, cell := range row {
		sb.WriteString(" ")
		sb.WriteString(escapeMarkdown(cell))
		sb.WriteString(" |")
	}
	sb.WriteByte('\n')
}

// escapeMarkdown makes a cell safe inside a Markdown table row.
func escapeMarkdown(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.ReplaceAll(s, "\n", " ")
}

// HTML formats the table as a static HTML <table> (no scripts, no external
// resources) with a <thead> when headers are given. Cells are HTML-escaped
// and numeric columns are right-aligned with an inline style.
// It returns "" for an empty table.
func HTML(headers []string, rows [][]string) string {
	l := newLayout(headers, rows)
	if l.numCols == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("<table>\n")
	if l.headers != nil {
		sb.WriteString("<thead>\n")
		writeHTMLRow(&sb, "th", l.headers, l.rightAlign)
		sb.WriteString("</thead>\n")
	}
	sb.WriteString("<tbody>\n")
	for _, row := range l.rows {
		writeHTMLRow(&sb, "td", row, l.rightAlign)
	}
	sb.WriteString("</tbody>\n</table>\n")
	return sb.String()
}

// writeHTMLRow writes one <tr> whose cells use the given tag (th or td).
func writeHTMLRow(sb *strings.Builder, tag string, row []string, rightAlign []bool) {
	sb.WriteString("<tr>")
	for c, cell := range row {
		sb.WriteString("<" + tag)
		if rightAlign[c] {
			sb.WriteString(` style="text-align:right"`)
		}
		sb.WriteString(">")
		sb.WriteString(html.EscapeString(cell))
		sb.WriteString("</" + tag + ">")
	}
	sb.WriteString("</tr>\n")
}
