package notebookcheck

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Prose numbers: every number a markdown cell states must be one the notebook printed.
//
// A number in the prose is accepted when some output of the same notebook shows it:
//
//   - the same value with the same digits ("0.01683" in an output for "0.01683" in the
//     text; thousands separators and signs are ignored, so "1,571" matches "1571");
//   - or an output value that rounds to it at the precision the prose uses ("2.8" for an
//     output 2.7634, "35" for 35.2): prose may round, never change a digit;
//   - a percentage may stand for a fraction and back ("73.1 %" for an output 0.731).
//
// Numbers that no output needs to back:
//   - inside a quotation: a markdown block quote (lines starting with ">"), where cited
//     figures (a paper's table, a blog's numbers) belong, or a span marked
//     <cite>…</cite>;
//   - inside inline code or a fenced code block (code, not a claim), a link target, or an
//     HTML tag;
//   - the year of an author-year citation, "(Rifai et al., 2011)" or "(Baldi & Hornik, 1989)";
//   - inside $…$ or $$…$$ math (a derivation, not a measurement);
//   - single digits 0–9, which every output holds.
//
// ProseProblems lists, one line each, the numbers that no output backs, with the cell and
// a few words around the number.

// proseNumber matches a number as prose writes it: digits with optional thousands commas
// (1,571) and a decimal part (0.01683), not part of a word (x2, v0.28).
var proseNumber = regexp.MustCompile(`(?:^|[^\p{L}\p{N}_.])((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)`)

// outputNumber matches a number in an output: plain digits with a decimal part or an
// exponent, thousands commas allowed.
var outputNumber = regexp.MustCompile(`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?`)

var (
	fencedCode = regexp.MustCompile("(?s)```.*?```")
	inlineCode = regexp.MustCompile("`[^`]*`")
	citeSpan   = regexp.MustCompile(`(?is)<cite>.*?</cite>`)
	linkTarget = regexp.MustCompile(`\]\([^)]*\)`)
	anyTag     = regexp.MustCompile(`(?s)<[^>]*>`)
	mathSpan   = regexp.MustCompile(`(?s)\$\$.*?\$\$|\$[^$\n]+\$`)
	citedYear  = regexp.MustCompile(`,\s*(?:19|20)\d{2}[a-z]?\)`)
)

// numberIndex holds the values printed in a notebook's outputs, for lookup by the prose.
type numberIndex struct {
	exact  map[string]bool // canonical digit strings, e.g. "0.01683", "1571"
	values []float64
}

// canonical removes thousands separators and leading zeros of the integer part (keeping
// one before the point), so that "1,571" and "1571", "0.5" and ".5" compare equal.
func canonical(s string) string {
	s = strings.ReplaceAll(s, ",", "")
	int, frac, hasFrac := strings.Cut(s, ".")
	int = strings.TrimLeft(int, "0")
	if int == "" {
		int = "0"
	}
	if hasFrac {
		return int + "." + frac
	}
	return int
}

func newNumberIndex(texts []string) *numberIndex {
	ix := &numberIndex{exact: map[string]bool{}}
	for _, t := range texts {
		for _, m := range outputNumber.FindAllString(t, -1) {
			if strings.ContainsAny(m, "eE") {
				if v, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64); err == nil {
					ix.values = append(ix.values, v)
				}
				continue
			}
			c := canonical(m)
			if ix.exact[c] {
				continue
			}
			ix.exact[c] = true
			if v, err := strconv.ParseFloat(c, 64); err == nil {
				ix.values = append(ix.values, v)
			}
		}
	}
	return ix
}

// backs reports whether some output shows the prose number p (canonical form), exactly,
// rounded to p's precision, or as a fraction of the percentage p (and back).
func (ix *numberIndex) backs(p string, percent bool) bool {
	if ix.exact[p] {
		return true
	}
	want, err := strconv.ParseFloat(p, 64)
	if err != nil {
		return false
	}
	decimals := 0
	if _, frac, ok := strings.Cut(p, "."); ok {
		decimals = len(frac)
	}
	scales := []float64{1, 100, 0.01} // as printed; a fraction shown as a percentage; the reverse
	if !percent {
		scales = []float64{1, 100}
	}
	for _, v := range ix.values {
		for _, s := range scales {
			if roundTo(v*s, decimals) == want {
				return true
			}
		}
	}
	return false
}

// roundTo rounds v to d decimals (half away from zero), as a reader rounds.
func roundTo(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	r := math.Round(v*p) / p
	// Parse the printed form back, so 0.1+0.2-style residues compare equal.
	f, _ := strconv.ParseFloat(strconv.FormatFloat(r, 'f', d, 64), 64)
	return f
}

// claimText is a markdown cell's source without the parts whose numbers need no output:
// code, quotations, citations, link targets and tags (each replaced by a space).
func claimText(md string) string {
	md = fencedCode.ReplaceAllString(md, " ")
	md = mathSpan.ReplaceAllString(md, " ")
	md = citeSpan.ReplaceAllString(md, " ")
	var kept []string
	for line := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), ">") {
			continue
		}
		kept = append(kept, line)
	}
	md = strings.Join(kept, "\n")
	md = inlineCode.ReplaceAllString(md, " ")
	md = linkTarget.ReplaceAllString(md, "] ")
	md = citedYear.ReplaceAllString(md, ")")
	return anyTag.ReplaceAllString(md, " ")
}

// proseProblems checks every markdown cell's numbers against the outputs' texts.
func (nb *notebook) proseProblems(outputs []string) []string {
	ix := newNumberIndex(outputs)
	var problems []string
	for i, c := range nb.Cells {
		if c.CellType != "markdown" {
			continue
		}
		text := claimText(string(c.Source))
		for _, m := range proseNumber.FindAllStringSubmatchIndex(text, -1) {
			raw := text[m[2]:m[3]]
			p := canonical(raw)
			if len(p) == 1 {
				continue
			}
			percent := isPercent(text[m[3]:])
			if ix.backs(p, percent) {
				continue
			}
			problems = append(problems, fmt.Sprintf("cell %d (markdown): the prose says %s (%q) and no output shows it: print it, fix it, or mark it as cited (a > quote or <cite>)",
				i+1, raw, context(text, m[2], m[3])))
		}
	}
	return problems
}

// isPercent reports whether the text after a number makes it a percentage.
func isPercent(after string) bool {
	after = strings.TrimLeft(after, " \u00a0\u202f")
	return strings.HasPrefix(after, "%") || strings.HasPrefix(after, "percent")
}

// context returns a few words either side of text[i:j], on one line.
func context(text string, i, j int) string {
	lo, hi := max(0, i-30), min(len(text), j+30)
	for lo > 0 && !isRuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !isRuneStart(text[hi]) {
		hi++
	}
	return collapseSpace(text[lo:hi])
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
