package plots

import (
	"errors"
	"fmt"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// gridPad is the space between figures combined by Grid.
const gridPad = vg.Length(8)

// Grid combines figures into one, cols per row, filled row by row. Every
// cell is as large as the largest figure, and each figure is drawn in its
// cell (plots stretch to fill it; image grids keep their aspect ratio).
// The figures' own titles are kept; WithTitle adds an overall title. The
// combined figure draws the figures as they are when it is rendered.
func Grid(cols int, figs ...*Figure) (*Figure, error) {
	if err := checkGridFigures(cols, figs); err != nil {
		return nil, fmt.Errorf("plots: Grid: %w", err)
	}
	figs = append([]*Figure(nil), figs...) // later changes to the caller's slice must not matter
	cols = min(cols, len(figs))
	rows := (len(figs) + cols - 1) / cols
	var cellW, cellH vg.Length
	for _, f := range figs {
		cellW, cellH = max(cellW, f.Width), max(cellH, f.Height)
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: gridPad, PadY: gridPad}
	drawAll := func(c draw.Canvas) {
		for i, f := range figs {
			f.draw(tileCanvas(c, tiles, i%cols, i/cols))
		}
	}
	width := vg.Length(cols)*cellW + vg.Length(cols-1)*gridPad
	height := vg.Length(rows)*cellH + vg.Length(rows-1)*gridPad
	return newDrawFigure(drawAll, width, height), nil
}

// Side puts figures side by side in one row; it is Grid(len(figs), figs...).
func Side(figs ...*Figure) (*Figure, error) {
	fig, err := Grid(len(figs), figs...)
	if err != nil {
		return nil, fmt.Errorf("plots: Side: %w", err)
	}
	return fig, nil
}

// checkGridFigures validates the arguments of Grid.
func checkGridFigures(cols int, figs []*Figure) error {
	if cols <= 0 {
		return fmt.Errorf("cols = %d must be positive", cols)
	}
	if len(figs) == 0 {
		return errors.New("no figures")
	}
	for i, f := range figs {
		if err := f.validate(); err != nil {
			return fmt.Errorf("figure %d: %w", i, err)
		}
	}
	return nil
}

// tileCanvas returns tile (x, y) of c, keeping c's underlying canvas (so
// raster resolution stays visible to the drawing code).
func tileCanvas(c draw.Canvas, tiles draw.Tiles, x, y int) draw.Canvas {
	tile := c
	tile.Rectangle = tiles.At(c, x, y).Rectangle
	return tile
}
