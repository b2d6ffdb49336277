// Package notebook shows figures, tables and progress in GoNB (Go Jupyter
// kernel) notebooks. It only displays things; all numbers come from the
// caller.
//
// Outside a notebook (gonbui.IsNotebook is false, e.g. in the CLI or in
// tests) every display function does nothing and returns nil, so the same
// code runs in both places. Everything displayed is static: PNG images,
// inline SVG or plain HTML, with no JavaScript, so saved notebooks render
// anywhere.
//
// Example, in a GoNB cell:
//
//	progress := notebook.NewProgress(epochs, "training")
//	live := notebook.NewLivePlot()
//	for epoch := 1; epoch <= epochs; epoch++ {
//		train, val := trainOneEpoch()
//		history = append(history, train)
//		progress.Update(epoch, fmt.Sprintf("loss %.4f val %.4f", train, val))
//		if fig, err := plots.LossCurves([]plots.Series{{Name: "train", Y: history}}, "loss"); err == nil {
//			_ = live.Update(fig)
//		}
//	}
//	progress.Done()
//	_ = live.Done() // leaves the final figure as a static PNG
//	_ = notebook.Table([]string{"model", "MSE"}, [][]string{{"PCA", "0.0172"}})
package notebook

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"

	"github.com/goautoencoders/autoencoders/aelib/plots"
	"github.com/goautoencoders/autoencoders/aelib/table"
	"github.com/janpfeifer/gonb/gonbui"
)

// frontEnd is what this package needs from the notebook; tests replace it.
type frontEnd interface {
	isNotebook() bool
	displayPNG(png []byte)
	displayHTML(html string)
	updateHTML(id, html string)
	uniqueID() string
	err() error
}

// gonb is the frontEnd backed by gonbui.
type gonb struct{}

func (gonb) isNotebook() bool           { return gonbui.IsNotebook }
func (gonb) displayPNG(png []byte)      { gonbui.DisplayPng(png) }
func (gonb) displayHTML(html string)    { gonbui.DisplayHTML(html) }
func (gonb) updateHTML(id, html string) { gonbui.UpdateHTML(id, html) }
func (gonb) uniqueID() string           { return gonbui.UniqueId() }
func (gonb) err() error                 { return gonbui.Error() }

// front is the notebook in use.
var front frontEnd = gonb{}

// InNotebook reports whether the program runs under GoNB, i.e. whether the
// display functions of this package show anything.
func InNotebook() bool {
	return front.isNotebook()
}

// commError returns the notebook communication error, if any, wrapped
// with the calling function's name.
func commError(fn string) error {
	if err := front.err(); err != nil {
		return fmt.Errorf("notebook: %s: talking to GoNB: %w", fn, err)
	}
	return nil
}

// Show displays fig inline as a PNG image (MIME type image/png, kept in the
// saved notebook). Outside a notebook it does nothing and returns nil.
func Show(fig *plots.Figure) error {
	if !front.isNotebook() {
		return nil
	}
	png, err := fig.PNG()
	if err != nil {
		return fmt.Errorf("notebook: Show: %w", err)
	}
	front.displayPNG(png)
	return commError("Show")
}

// ShowSVG displays fig inline as an SVG document embedded in HTML, which
// stays sharp at any zoom. Outside a notebook it does nothing and returns
// nil.
func ShowSVG(fig *plots.Figure) error {
	if !front.isNotebook() {
		return nil
	}
	svg, err := fig.SVG()
	if err != nil {
		return fmt.Errorf("notebook: ShowSVG: %w", err)
	}
	front.displayHTML("<div>" + string(stripXMLProlog(svg)) + "</div>")
	return commError("ShowSVG")
}

// stripXMLProlog removes what precedes the <svg> element (the XML
// declaration and comments), which does not belong inside HTML.
func stripXMLProlog(svg []byte) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		return svg[i:]
	}
	return svg
}

// Table displays a static HTML table (see table.HTML; numeric columns are
// right-aligned, ragged rows are padded). Outside a notebook it does
// nothing and returns nil; use table.Text for terminals.
func Table(headers []string, rows [][]string) error {
	if !front.isNotebook() {
		return nil
	}
	if h := table.HTML(headers, rows); h != "" {
		front.displayHTML(h)
	}
	return commError("Table")
}

// pngImgTag returns an <img> element embedding png as a data URI.
func pngImgTag(png []byte, alt string) string {
	return fmt.Sprintf(`<img src="data:image/png;base64,%s" alt="%s">`,
		base64.StdEncoding.EncodeToString(png), html.EscapeString(alt))
}
