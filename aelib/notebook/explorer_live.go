package notebook

import (
	"fmt"
	"html"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/dom"
	"github.com/janpfeifer/gonb/gonbui/widgets"
)

// liveReadyTimeout is how long the live explorer waits for the browser to answer its
// sliders (GoNB gives the browser 3 s to open its connection) before it gives up and
// leaves only the static grid.
const liveReadyTimeout = 6 * time.Second

// gonbLiveExplorer shows sliders and the live image in transient outputs (not saved),
// redraws at every slider move, and at the end replaces them by the last image and its
// code as ordinary output. It returns false when the widgets got no answer from a browser.
func gonbLiveExplorer(dec Decoder, o ExplorerOptions) (bool, error) {
	uid := gonbui.UniqueId()
	uiDisplay, imgDisplay := "aelib_explorer_ui_"+uid, "aelib_explorer_img_"+uid
	root := "aelib_explorer_root_" + uid
	valueID := func(i int) string { return fmt.Sprintf("%s_v%d", root, i) }
	rowID := func(i int) string { return fmt.Sprintf("%s_r%d", root, i) }

	code := append([]float32(nil), o.Base...)
	var rows string
	for i, a := range o.Axes {
		rows += fmt.Sprintf(`<div id="%s" style="font-family:monospace">unit %d <span id="%s">%+.2f</span> </div>`,
			rowID(i), a.Unit, valueID(i), code[a.Unit])
	}
	gonbui.UpdateHTML(uiDisplay, fmt.Sprintf(`<div id="%s"><b>%s</b>%s</div>`, root, html.EscapeString(o.Title), rows))

	type ui struct {
		sliders []*widgets.SliderBuilder
		done    *widgets.ButtonBuilder
	}
	ready := make(chan ui, 1)
	go func() {
		var u ui
		for i, a := range o.Axes {
			pos := int((float64(code[a.Unit])-a.Min)/(a.Max-a.Min)*sliderSteps + 0.5)
			pos = min(max(pos, 0), sliderSteps)
			u.sliders = append(u.sliders, widgets.Slider(0, sliderSteps, pos).AppendTo(rowID(i)).Done())
		}
		u.done = widgets.Button("done").AppendTo(root).Done()
		ready <- u
	}()
	var u ui
	select {
	case u = <-ready:
	case <-time.After(liveReadyTimeout):
		gonbui.UpdateHTML(uiDisplay, "") // a blank output, which run-notebooks.sh drops
		return false, nil
	}

	draw := func() error {
		png, err := DecodePNG(dec, code, o.Width, o.Height, livePixelScale)
		if err != nil {
			return err
		}
		gonbui.UpdateHTML(imgDisplay, pngImgTag(png, "decoded code: "+codeLine(o, code)))
		return nil
	}
	if err := draw(); err != nil {
		return true, err
	}
	type move struct{ axis, pos int }
	moves := make(chan move, 16)
	for i, s := range u.sliders {
		ch := s.Listen().LatestOnly()
		go func() {
			for pos := range ch.C {
				moves <- move{i, pos}
			}
		}()
	}
	doneClicks := u.done.Listen()
	idle := time.NewTimer(o.Idle)
	defer idle.Stop()
	var drawErr error
loop:
	for {
		select {
		case m := <-moves:
			a := o.Axes[m.axis]
			code[a.Unit] = float32(axisValue(a, m.pos, sliderSteps))
			dom.SetInnerText(valueID(m.axis), fmt.Sprintf("%+.2f", code[a.Unit]))
			if drawErr = draw(); drawErr != nil {
				break loop
			}
			idle.Reset(o.Idle)
		case <-doneClicks.C:
			break loop
		case <-idle.C:
			break loop
		}
	}
	gonbui.UpdateHTML(uiDisplay, "")
	gonbui.UpdateHTML(imgDisplay, "")
	if drawErr != nil {
		return true, drawErr
	}
	png, err := DecodePNG(dec, code, o.Width, o.Height, livePixelScale)
	if err != nil {
		return true, err
	}
	Print("explorer closed at " + codeLine(o, code) + "\n")
	front.displayPNG(png)
	return true, nil
}
