package corrupt

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Classes is the number of digit classes, the length of the ClassColor palette.
const Classes = 10

// colorJitter is the largest relative change of brightness Colorize gives a stroke colour.
const colorJitter = 0.1

// palette holds the stroke colour of every class: hue 36°·k at saturation 1 and value
// 0.9, so hues are 36° apart and a brightness jitter of ±10 % never clips a channel.
// 0 red, 1 orange, 2 yellow-green, 3 green, 4 spring green, 5 cyan, 6 azure, 7 violet,
// 8 purple, 9 rose.
var palette = func() (p [Classes][3]float32) {
	for k := range p {
		p[k] = hsv(36*float64(k), 1, 0.9)
	}
	return p
}()

// background is the faint colour of the background of coloured digits: a dark blue-grey,
// close to MNIST's black so the strokes keep their contrast.
var background = [3]float32{0.10, 0.08, 0.16}

// ClassColor is the stroke colour (R, G, B in [0,1]) of digit class label, 0–9: hue
// 36°·label, saturation 1, value 0.9. It panics for a label outside 0–9.
func ClassColor(label int) [3]float32 {
	if label < 0 || label >= Classes {
		panic(fmt.Sprintf("corrupt.ClassColor: label %d is not a digit 0–9", label))
	}
	return palette[label]
}

// BackgroundColor is the colour Colorize gives the background, where the gray value is 0:
// a faint dark blue-grey, (0.10, 0.08, 0.16).
func BackgroundColor() [3]float32 { return background }

// Colorize returns the w×h gray images x as RGB images whose stroke colour follows their
// digit class (labels[i] for image i): the targets of the image-colouring application.
// Pixel p of image i, of gray value g = x[i][p], becomes
//
//	out[i][p] = (1−g)·BackgroundColor() + g·j_i·ClassColor(labels[i]), clipped to [0,1],
//
// where j_i, drawn uniformly from [0.9, 1.1) by image i's own generator seeded by
// (seed, i), jitters the stroke's brightness by up to ±10 % so that the colour is not a
// pure lookup of the class. The result is laid out [image][pixel][3]: the R, G and B of a
// pixel side by side, 3·len(x) values in all.
func Colorize(x []float32, labels []uint8, w, h int, seed uint64) ([]float32, error) {
	n, err := images("colorize", x, w, h)
	if err != nil {
		return nil, err
	}
	if len(labels) != n {
		return nil, fmt.Errorf("colorize: %d labels for %d images; pass one label per image", len(labels), n)
	}
	for i, l := range labels {
		if int(l) >= Classes {
			return nil, fmt.Errorf("colorize: label %d of image %d is not a digit 0–9", l, i)
		}
	}
	out := make([]float32, 3*len(x))
	pcg := rand.NewPCG(0, 0)
	r := rand.New(pcg)
	for i, l := range labels {
		pcg.Seed(seed, imageStream(i, 0xe7037ed1a0b428db))
		j := float32(1 + colorJitter*(2*r.Float64()-1))
		c := palette[l]
		for p, g := range x[i*w*h : (i+1)*w*h] {
			o := out[3*(i*w*h+p):]
			for k := range 3 {
				o[k] = clip01((1-g)*background[k] + g*j*c[k])
			}
		}
	}
	return out, nil
}

// Gray returns the luma of RGB pixels laid out [pixel][3] (as Colorize gives them):
// Y = 0.299·R + 0.587·G + 0.114·B (ITU-R BT.601), one value per pixel. It panics when
// len(rgb) is not a multiple of 3.
func Gray(rgb []float32) []float32 {
	if len(rgb)%3 != 0 {
		panic(fmt.Sprintf("corrupt.Gray: %d values are not whole RGB pixels; pass 3 values per pixel", len(rgb)))
	}
	out := make([]float32, len(rgb)/3)
	for p := range out {
		out[p] = 0.299*rgb[3*p] + 0.587*rgb[3*p+1] + 0.114*rgb[3*p+2]
	}
	return out
}

// Hue is the hue of an RGB colour in degrees, in [0,360) (0 red, 120 green, 240 blue), the
// H of HSV: with M = max, m = min of the channels and d = M − m,
//
//	H = 60·((G−B)/d mod 6) if M = R,  60·((B−R)/d + 2) if M = G,  60·((R−G)/d + 4) if M = B.
//
// ok is false for a colour without hue, a grey with d ≤ 10⁻⁶.
func Hue(rgb [3]float32) (deg float64, ok bool) {
	r, g, b := float64(rgb[0]), float64(rgb[1]), float64(rgb[2])
	hi, lo := max(r, g, b), min(r, g, b)
	d := hi - lo
	if !(d > 1e-6) {
		return 0, false
	}
	switch hi {
	case r:
		deg = 60 * math.Mod((g-b)/d+6, 6)
	case g:
		deg = 60 * ((b-r)/d + 2)
	default:
		deg = 60 * ((r-g)/d + 4)
	}
	if deg >= 360 {
		deg -= 360
	}
	return deg, true
}

// NearestClassColor is the class whose ClassColor is nearest in hue to rgb, the circular
// distance min(|H−H_k|, 360°−|H−H_k|) with H_k = 36°·k; brightness and saturation do not
// count. It is −1 for a grey, which has no hue.
func NearestClassColor(rgb [3]float32) int {
	hue, ok := Hue(rgb)
	if !ok {
		return -1
	}
	best, bestD := -1, math.Inf(1)
	for k, c := range palette {
		hk, _ := Hue(c)
		d := math.Abs(hue - hk)
		d = min(d, 360-d)
		if d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// HueClass is the class whose hue the ink of one RGB image has: img holds the image's
// pixels laid out [pixel][3] and gray the gray value g of each pixel (the input Colorize
// coloured), which weighs the pixels by their ink. With b = BackgroundColor(), the ink
// colour is the least-squares fit of img[p] ≈ (1−g_p)·b + g_p·c,
//
//	c = Σ_p g_p·(img[p] − (1−g_p)·b) / Σ_p g_p²,
//
// an ink-weighted mean of the colour with the background taken out; HueClass returns
// NearestClassColor(c). On Colorize's output it gives back the label exactly; on a
// model's colouring it measures whether the digit got the right hue. It is −1 for an
// image without ink (all g = 0) or whose ink colour is grey, and panics unless
// len(img) = 3·len(gray).
func HueClass(img []float32, gray []float32) int {
	if len(img) != 3*len(gray) {
		panic(fmt.Sprintf("corrupt.HueClass: %d RGB values for %d gray pixels; pass 3 RGB values per gray pixel", len(img), len(gray)))
	}
	var num [3]float64
	var den float64
	for p, g := range gray {
		gg := float64(g)
		for k := range 3 {
			num[k] += gg * (float64(img[3*p+k]) - (1-gg)*float64(background[k]))
		}
		den += gg * gg
	}
	if !(den > 0) {
		return -1
	}
	return NearestClassColor([3]float32{float32(num[0] / den), float32(num[1] / den), float32(num[2] / den)})
}

// hsv converts hue (degrees), saturation and value to RGB: with C = s·v, H' = hue/60 and
// X = C·(1 − |H' mod 2 − 1|), (C, X, 0), (X, C, 0), … by sextant, plus v − C on every channel.
func hsv(hue, s, v float64) [3]float32 {
	c := s * v
	hp := math.Mod(hue, 360) / 60
	x := c * (1 - math.Abs(math.Mod(hp, 2)-1))
	var r, g, b float64
	switch int(hp) {
	case 0:
		r, g, b = c, x, 0
	case 1:
		r, g, b = x, c, 0
	case 2:
		r, g, b = 0, c, x
	case 3:
		r, g, b = 0, x, c
	case 4:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	m := v - c
	return [3]float32{float32(r + m), float32(g + m), float32(b + m)}
}

// GrayRGB returns interleaved RGB values with every pixel's three channels replaced by
// its luma (Gray): a colour image turned gray, still three values per pixel.
func GrayRGB(rgb []float32) ([]float32, error) {
	if len(rgb)%3 != 0 {
		return nil, fmt.Errorf("grayscale: %d values are not RGB triples", len(rgb))
	}
	out := make([]float32, len(rgb))
	for i := 0; i < len(rgb); i += 3 {
		g := 0.299*rgb[i] + 0.587*rgb[i+1] + 0.114*rgb[i+2]
		out[i], out[i+1], out[i+2] = g, g, g
	}
	return out, nil
}
