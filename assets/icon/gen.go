//go:build ignore

// Gen draws the app icon: a blue speech bubble carrying a white feed sign.
// Each size has its own geometry, laid on that size's pixel grid so edges
// stay crisp, and is rendered with 8×8 samples a pixel (never one big
// picture scaled down). Run from assets/ (go generate ./assets): writes
// icon.ico (16, 20, 24, 32, 48, 256 px), icon.png (256 px) and
// static/favicon.png (32 px).
package main

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

// design is the icon at one size, in pixels; y grows downwards.
type design struct {
	size           int
	x0, y0, x1, y1 float64      // the bubble's box
	radius         float64      // its corners
	tail           [3]point     // the tail, a triangle below the box
	corner         point        // the feed sign's corner: its arcs' centre
	dot            float64      // the dot's radius; it sits in the corner
	arcs           [][2]float64 // inner and outer radius of each arc
	pixels         []string     // drawn by hand instead (see pixels16)
}

type point struct{ x, y float64 }

// pixels16 is the 16 px icon drawn pixel by pixel, where no outline stays
// sharp: 'o' bubble, '#' sign, '+' half of each, '.' bubble at half
// opacity, ' ' nothing.
var pixels16 = []string{
	" .oooooooooooo. ",
	".oooooooooooooo.",
	"oooo##+ooooooooo",
	"oooo####+ooooooo",
	"oooooo+##+oooooo",
	"oooo#+oo+##ooooo",
	"oooo###+o+#+oooo",
	"ooooo+##+o##oooo",
	"ooooooo+#o+##ooo",
	"oooo##oo##o##ooo",
	"oooo##oo##o##ooo",
	".oooooooooooooo.",
	" .oooooooooooo. ",
	"   oooo.        ",
	"   ooo.         ",
	"   o.           ",
}

// designs are tuned per size: edges and the sign's corner on whole pixels,
// fewer and wider strokes when small, rounder corners when large.
var designs = []design{
	{size: 16, pixels: pixels16},
	{size: 20, x0: 0, y0: 0, x1: 20, y1: 15, radius: 3.5,
		tail:   [3]point{{4, 14}, {4, 19.5}, {9.5, 14}},
		corner: point{5, 13}, dot: 1.5, arcs: [][2]float64{{4.5, 6.5}, {8.5, 10.5}}},
	{size: 24, x0: 0, y0: 0, x1: 24, y1: 18, radius: 4,
		tail:   [3]point{{5, 17}, {5, 23.5}, {11.5, 17}},
		corner: point{6, 15}, dot: 1.6, arcs: [][2]float64{{5, 7.5}, {9.5, 12}}},
	{size: 32, x0: 1, y0: 1, x1: 31, y1: 24, radius: 6,
		tail:   [3]point{{7, 23}, {7, 31}, {15, 23}},
		corner: point{9, 20}, dot: 2, arcs: [][2]float64{{6.5, 9.5}, {12.5, 15.5}}},
	{size: 48, x0: 1.5, y0: 2, x1: 46.5, y1: 36, radius: 9,
		tail:   [3]point{{10.5, 35}, {10.5, 46.5}, {22, 35}},
		corner: point{13, 31}, dot: 3.2, arcs: [][2]float64{{10, 14.5}, {19, 23.5}}},
	{size: 256, x0: 8, y0: 12, x1: 248, y1: 196, radius: 48,
		tail:   [3]point{{56, 188}, {56, 246}, {118, 188}},
		corner: point{70, 165}, dot: 17, arcs: [][2]float64{{53, 76}, {99, 122}}},
}

var (
	blue  = [3]float64{0x0a, 0x64, 0xc2} // the web view's accent
	white = [3]float64{0xff, 0xff, 0xff}
)

func main() {
	var images []*image.NRGBA
	for _, d := range designs {
		images = append(images, d.render())
	}
	write("icon.ico", encodeICO(images))
	write("icon.png", encodePNG(images[len(images)-1]))
	write("static/favicon.png", encodePNG(images[3]))
}

// render rasterises the design, averaging 8×8 samples in each pixel.
func (d design) render() *image.NRGBA {
	const n = 8
	img := image.NewNRGBA(image.Rect(0, 0, d.size, d.size))
	if d.pixels != nil {
		for y, row := range d.pixels {
			for x, c := range row {
				img.SetNRGBA(x, y, handPixel[c])
			}
		}
		return img
	}
	for py := 0; py < d.size; py++ {
		for px := 0; px < d.size; px++ {
			var r, g, b, a float64 // premultiplied sums
			for sy := 0; sy < n; sy++ {
				for sx := 0; sx < n; sx++ {
					p := point{float64(px) + (float64(sx)+0.5)/n, float64(py) + (float64(sy)+0.5)/n}
					c, ok := d.colorAt(p)
					if ok {
						r, g, b, a = r+c[0], g+c[1], b+c[2], a+1
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(math.Round(r / a)), G: uint8(math.Round(g / a)), B: uint8(math.Round(b / a)),
				A: uint8(math.Round(a / (n * n) * 255)),
			})
		}
	}
	return img
}

// handPixel is the colour of each letter of a hand-drawn icon.
var handPixel = map[rune]color.NRGBA{
	' ': {},
	'.': {0x0a, 0x64, 0xc2, 0x80},
	'o': {0x0a, 0x64, 0xc2, 0xff},
	'+': {0x85, 0xb2, 0xe1, 0xff},
	'#': {0xff, 0xff, 0xff, 0xff},
}

// colorAt is the colour at p, and false outside the icon.
func (d design) colorAt(p point) ([3]float64, bool) {
	if !d.inBubble(p) {
		return [3]float64{}, false
	}
	if d.inFeedSign(p) {
		return white, true
	}
	return blue, true
}

func (d design) inBubble(p point) bool {
	return inRoundedRect(p, d.x0, d.y0, d.x1, d.y1, d.radius) || inTriangle(p, d.tail)
}

// inFeedSign: the dot in the corner, and quarter rings around the corner
// opening up and to the right, cut flat at the corner's lines.
func (d design) inFeedSign(p point) bool {
	c := d.corner
	if math.Hypot(p.x-(c.x+d.dot), p.y-(c.y-d.dot)) <= d.dot {
		return true
	}
	if p.x < c.x || p.y > c.y {
		return false
	}
	r := math.Hypot(p.x-c.x, p.y-c.y)
	for _, arc := range d.arcs {
		if r >= arc[0] && r <= arc[1] {
			return true
		}
	}
	return false
}

func inRoundedRect(p point, x0, y0, x1, y1, r float64) bool {
	if p.x < x0 || p.x > x1 || p.y < y0 || p.y > y1 {
		return false
	}
	cx := math.Max(x0+r, math.Min(p.x, x1-r))
	cy := math.Max(y0+r, math.Min(p.y, y1-r))
	return math.Hypot(p.x-cx, p.y-cy) <= r
}

func inTriangle(p point, t [3]point) bool {
	side := func(a, b point) float64 { return (b.x-a.x)*(p.y-a.y) - (b.y-a.y)*(p.x-a.x) }
	s0, s1, s2 := side(t[0], t[1]), side(t[1], t[2]), side(t[2], t[0])
	return (s0 >= 0 && s1 >= 0 && s2 >= 0) || (s0 <= 0 && s1 <= 0 && s2 <= 0)
}

func encodePNG(img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

// encodeICO writes a Windows icon file: the 256 px image as PNG, the small
// ones as 32-bit bitmaps (what every reader of icons understands).
func encodeICO(images []*image.NRGBA) []byte {
	var data [][]byte
	for _, img := range images {
		if img.Rect.Dx() >= 256 {
			data = append(data, encodePNG(img))
		} else {
			data = append(data, encodeDIB(img))
		}
	}
	var buf bytes.Buffer
	le := func(v any) { binary.Write(&buf, binary.LittleEndian, v) }
	le([3]uint16{0, 1, uint16(len(images))}) // reserved, type icon, count
	offset := 6 + 16*len(images)
	for i, img := range images {
		side := uint8(img.Rect.Dx()) // 256 is written as 0
		le([4]uint8{side, side, 0, 0})
		le([2]uint16{1, 32}) // planes, bits per pixel
		le([2]uint32{uint32(len(data[i])), uint32(offset)})
		offset += len(data[i])
	}
	for _, d := range data {
		buf.Write(d)
	}
	return buf.Bytes()
}

// encodeDIB is an icon image as a bitmap: header, BGRA rows bottom up,
// then the 1-bit transparency mask.
func encodeDIB(img *image.NRGBA) []byte {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	maskStride := (w + 31) / 32 * 4
	var buf bytes.Buffer
	le := func(v any) { binary.Write(&buf, binary.LittleEndian, v) }
	le(uint32(40))
	le([2]int32{int32(w), int32(2 * h)}) // the height counts the mask too
	le([2]uint16{1, 32})
	le([6]uint32{0, uint32(w*h*4 + maskStride*h), 0, 0, 0, 0})
	for y := h - 1; y >= 0; y-- {
		for x := 0; x < w; x++ {
			c := img.NRGBAAt(x, y)
			buf.Write([]byte{c.B, c.G, c.R, c.A})
		}
	}
	for y := h - 1; y >= 0; y-- {
		row := make([]byte, maskStride)
		for x := 0; x < w; x++ {
			if img.NRGBAAt(x, y).A == 0 {
				row[x/8] |= 0x80 >> (x % 8)
			}
		}
		buf.Write(row)
	}
	return buf.Bytes()
}

func write(name string, data []byte) {
	if err := os.WriteFile(name, data, 0o644); err != nil {
		log.Fatal(err)
	}
}
