package feed

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// Charts are SVG drawn here on the server and put inline in pages: no
// script, and no style attribute, which the CSP forbids. Their colours come
// from the style sheet's classes (so they follow dark mode) and their
// sizes from a viewBox (so they shrink to a phone's width). Every chart is
// an image with a title and a description, the text alternative screen
// readers read; its data is also on the page as text (a table or a list).

// svg writes one chart.
type svg struct{ b strings.Builder }

// newSVG starts a chart of the given size in viewBox units; id names it on
// the page (its title and description are id-title and id-desc).
func newSVG(id, class string, width, height int, title, desc string) *svg {
	c := &svg{}
	fmt.Fprintf(&c.b, `<svg class="chart %s" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`,
		esc(class), width, height, esc(id), esc(id))
	fmt.Fprintf(&c.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, esc(id), esc(title), esc(id), esc(desc))
	return c
}

// rect draws a rectangle; opacity < 1 shades it, tip is its tooltip ("" for none).
func (c *svg) rect(x, y, w, h float64, class string, opacity float64, tip string) {
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" class="%s"`, num(x), num(y), num(w), num(h), esc(class))
	if opacity < 1 {
		fmt.Fprintf(&c.b, ` fill-opacity="%s"`, num(opacity))
	}
	if tip == "" {
		c.b.WriteString(`/>`)
		return
	}
	fmt.Fprintf(&c.b, `><title>%s</title></rect>`, esc(tip))
}

// text writes a label; anchor is start, middle or end.
func (c *svg) text(x, y float64, anchor, s string) {
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" text-anchor="%s">%s</text>`, num(x), num(y), anchor, esc(s))
}

// line draws a rule, such as an axis.
func (c *svg) line(x1, y1, x2, y2 float64) {
	fmt.Fprintf(&c.b, `<line x1="%s" y1="%s" x2="%s" y2="%s" class="axis"/>`, num(x1), num(y1), num(x2), num(y2))
}

// html ends the chart.
func (c *svg) html() template.HTML {
	c.b.WriteString(`</svg>`)
	return template.HTML(c.b.String()) // every text in it went through esc
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// bar is one bar of a bar chart: its count, a tooltip, and the label under
// it ("" for none).
type bar struct {
	N          int
	Tip, Label string
}

// barChart draws counts as columns over a baseline, with the largest count
// on the left axis and the bars' labels under them.
func barChart(id, title, desc string, bars []bar) template.HTML {
	const width, height, left, bottom, top, labelWidth = 480, 180, 40, 20, 8, 28
	c := newSVG(id, "bars", width, height, title, desc)
	most := 0
	for _, b := range bars {
		most = max(most, b.N)
	}
	plotW, plotH := float64(width-left), float64(height-bottom-top)
	c.line(left, top+plotH, width, top+plotH)
	c.text(left-4, top+10, "end", number(most))
	c.text(left-4, top+plotH, "end", "0")
	step := plotW / float64(max(len(bars), 1))
	gap := 0.0
	if step > 4 {
		gap = step / 5
	}
	for i, b := range bars {
		x := left + float64(i)*step
		if b.N > 0 && most > 0 {
			h := max(plotH*float64(b.N)/float64(most), 1)
			c.rect(x+gap/2, top+plotH-h, step-gap, h, "bar", 1, b.Tip)
		}
		if b.Label != "" && x+labelWidth <= width { // a label that would run off the edge is left out
			c.text(x, height-4, "start", b.Label)
		}
	}
	return c.html()
}

// heatmap draws a grid of counts, rows by columns, each cell shaded by its
// share of the largest.
func heatmap(id, title, desc string, rows, cols []string, cells [][]int, tip func(r, c int) string) template.HTML {
	const left, top, cell = 40, 18, 18
	width, height := left+len(cols)*cell, top+len(rows)*cell
	c := newSVG(id, "heat", width, height, title, desc)
	most := 0
	for _, row := range cells {
		for _, n := range row {
			most = max(most, n)
		}
	}
	for j, label := range cols {
		if label != "" {
			c.text(float64(left+j*cell+cell/2), top-5, "middle", label)
		}
	}
	for i, label := range rows {
		y := float64(top + i*cell)
		c.text(left-5, y+cell-5, "end", label)
		for j, n := range cells[i] {
			x := float64(left + j*cell)
			if n == 0 || most == 0 {
				c.rect(x+1, y+1, cell-2, cell-2, "empty", 1, tip(i, j))
				continue
			}
			c.rect(x+1, y+1, cell-2, cell-2, "cell", 0.15+0.85*float64(n)/float64(most), tip(i, j))
		}
	}
	return c.html()
}

// sparkline draws counts as a small row of bars, for a list; label is its
// whole text alternative.
func sparkline(label string, counts []int) template.HTML {
	const barW, height = 2, 18
	width := len(counts) * barW
	most := 0
	for _, n := range counts {
		most = max(most, n)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, width, height, esc(label))
	fmt.Fprintf(&b, `<rect x="0" y="%d" width="%d" height="1" class="base"/>`, height-1, width)
	for i, n := range counts {
		if n == 0 || most == 0 {
			continue
		}
		h := max(float64(height-1)*float64(n)/float64(most), 1.5)
		fmt.Fprintf(&b, `<rect x="%d" y="%s" width="%s" height="%s" class="bar"/>`, i*barW, num(float64(height-1)-h), num(barW*0.75), num(h))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // numbers, and the label escaped
}

// shareBar draws a part of a whole as a short bar, for a table row.
func shareBar(part, whole int, label string) template.HTML {
	w := 0.0
	if whole > 0 {
		w = 100 * float64(part) / float64(whole)
	}
	return template.HTML(fmt.Sprintf(`<svg class="share" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="100" height="8" class="track"/><rect x="0" y="0" width="%s" height="8" class="bar"/></svg>`,
		esc(label), num(w)))
}
