package notebook

import (
	"fmt"
	"html"
	"io"
	"os"
)

// stdout is where text goes outside a notebook; tests replace it.
var stdout io.Writer = os.Stdout

// Printf prints a formatted line of text in the cell's output, in order with the cell's
// figures and tables: in a notebook it is sent through the same display channel as they
// are (as preformatted HTML), where fmt.Printf's text travels apart and can land after a
// figure shown later. Outside a notebook it writes to standard output.
func Printf(format string, args ...any) {
	Print(fmt.Sprintf(format, args...))
}

// Println is Printf of the operands joined by spaces, with a newline.
func Println(args ...any) {
	Print(fmt.Sprintln(args...))
}

// Print prints text as Printf does.
func Print(text string) {
	if !front.isNotebook() {
		fmt.Fprint(stdout, text)
		return
	}
	if text == "" {
		return
	}
	front.displayHTML(`<pre style="margin:0">` + html.EscapeString(text) + `</pre>`)
}
