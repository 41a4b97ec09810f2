package jpegcoef

// readScan decodes one scan's entropy-coded data into the coefficients.
func (d *decoder) readScan(p, data []byte) error {
	img := d.img
	if len(p) < 1 {
		return FormatError("short SOS")
	}
	ns := int(p[0])
	if ns < 1 || ns > len(img.Components) || len(p) != 4+2*ns {
		return FormatError("bad SOS")
	}
	sc := make([]scanComp, ns)
	for i := 0; i < ns; i++ {
		id, t := p[1+2*i], p[2+2*i]
		var c *Component
		for j := range img.Components {
			if img.Components[j].ID == id {
				c = &img.Components[j]
			}
		}
		if c == nil {
			return FormatError("scan names an unknown component")
		}
		for _, o := range sc[:i] {
			if o.c == c {
				return FormatError("component twice in a scan")
			}
		}
		sc[i] = scanComp{c: c, td: int(t >> 4), ta: int(t & 15)}
		if sc[i].td > 3 || sc[i].ta > 3 {
			return FormatError("bad table selector")
		}
	}
	ss, se, ah, al := int(p[1+2*ns]), int(p[2+2*ns]), int(p[3+2*ns]>>4), int(p[3+2*ns]&15)
	if img.Progressive {
		if ss > se || se > 63 || (ss == 0 && se != 0) || (ss > 0 && ns != 1) || al > 13 || ah > 13 {
			return FormatError("bad progressive scan")
		}
	} else if ss != 0 || se != 63 || ah != 0 || al != 0 {
		return FormatError("bad sequential scan")
	}
	for _, s := range sc {
		if (ss == 0 && ah == 0 && (d.dc[s.td] == nil)) || (se > 0 && d.ac[s.ta] == nil) {
			return FormatError("Huffman table not defined")
		}
	}
	d.data, d.pos, d.bits, d.n, d.fake, d.eob = data, 0, 0, 0, 0, 0
	d.pred = [4]int{}

	// The units coded: MCUs of an interleaved scan, blocks of one component.
	var unitsX, unitsY int
	if ns == 1 {
		unitsX, unitsY = img.compBlocks(sc[0].c)
	} else {
		unitsX, unitsY = img.MCUsX, img.MCUsY
	}
	total := unitsX * unitsY
	rst := 0
	short := false // the data ran out: units left as they are, as libjpeg does
	for u := 0; u < total; u++ {
		if d.ri > 0 && u > 0 && u%d.ri == 0 {
			if err := d.restart(rst); err != nil {
				return err
			}
			rst = (rst + 1) & 7
			short = false
		}
		if short {
			continue
		}
		if d.n < d.fake {
			// The unit before needed bits past a marker: it was decoded
			// with zeros, and the interval's other units are left as
			// they are (libjpeg's "premature end of data segment").
			short = true
			img.Short++
			continue
		}
		ux, uy := u%unitsX, u/unitsX
		for i, s := range sc {
			c := s.c
			h, v := c.H, c.V
			if ns == 1 {
				h, v = 1, 1
			}
			for by := 0; by < v; by++ {
				for bx := 0; bx < h; bx++ {
					blk := c.Block(ux*h+bx, uy*v+by)
					var err error
					switch {
					case !img.Progressive:
						err = d.baseline(blk, d.dc[s.td], d.ac[s.ta], &d.pred[i])
					case ss == 0 && ah == 0:
						err = d.dcFirst(blk, d.dc[s.td], &d.pred[i], al)
					case ss == 0:
						err = d.dcRefine(blk, al)
					case ah == 0:
						err = d.acFirst(blk, d.ac[s.ta], ss, se, al)
					default:
						err = d.acRefine(blk, d.ac[s.ta], ss, se, al)
					}
					if err != nil {
						return err
					}
				}
			}
		}
	}
	if d.n < d.fake && !short {
		img.Short++
	}
	d.leftover(len(d.data))
	return nil
}

// leftover counts, at the end of a scan or of a restart interval, the
// whole bytes no block used (Image.Slack) and a last byte not padded with
// ones (Image.Padding); end is where the next marker starts.
func (d *decoder) leftover(end int) {
	if d.n < d.fake {
		d.img.Slack += end - d.pos
		return
	}
	r := d.n - d.fake // real bits loaded and not read
	pad := r % 8
	if pad > 0 {
		bits := d.bits >> (d.fake + r - pad) & (1<<pad - 1)
		if bits != 1<<pad-1 {
			d.img.Padding++
		}
	}
	d.img.Slack += int(r/8) + end - d.pos
}

// restart checks the restart marker expected at the end of an interval and
// resets the decoder's state.
func (d *decoder) restart(want int) error {
	// The buffer holds the interval's padding bits and zeros fed at the
	// marker, where fill stopped: count what no block used and drop it.
	next := d.pos
	for next+1 < len(d.data) && !(d.data[next] == 0xFF && d.data[next+1] != 0) {
		next++
	}
	d.leftover(next)
	d.bits, d.n, d.fake, d.pos = 0, 0, 0, next
	for d.pos+2 < len(d.data) && d.data[d.pos+1] == 0xFF { // fill bytes
		d.pos++
	}
	if d.pos+1 >= len(d.data) || d.data[d.pos+1] != byte(0xD0+want) {
		return FormatError("missing restart marker")
	}
	d.pos += 2
	d.pred = [4]int{}
	d.eob = 0
	return nil
}

// fill tops the bit buffer up to more than 56 bits, unstuffing 0xFF00 and
// feeding zeros at a marker or at the end of the data.
func (d *decoder) fill() {
	for d.n <= 56 {
		var b byte
		if d.fake == 0 && d.pos < len(d.data) {
			b = d.data[d.pos]
			if b == 0xFF {
				if d.pos+1 < len(d.data) && d.data[d.pos+1] == 0 {
					d.pos += 2
				} else {
					b = 0
					d.fake += 8
				}
			} else {
				d.pos++
			}
		} else {
			d.fake += 8
		}
		d.bits = d.bits<<8 | uint64(b)
		d.n += 8
	}
}

func (d *decoder) getBits(s uint) int {
	if d.n < s {
		d.fill()
	}
	d.n -= s
	return int(d.bits>>d.n) & (1<<s - 1)
}

func (d *decoder) getBit() bool { return d.getBits(1) == 1 }

func extend(v int, s uint) int {
	if s == 0 {
		return 0
	}
	if v < 1<<(s-1) {
		return v - 1<<s + 1
	}
	return v
}

func (d *decoder) decode(h *huff) (byte, error) {
	if d.n < 16 {
		d.fill()
	}
	e := h.lut[(d.bits>>(d.n-lutBits))&(1<<lutBits-1)]
	if e != 0 {
		d.n -= uint(e >> 8 & 0xFF)
		h.table.Used[e>>16] = true
		return byte(e), nil
	}
	for l := lutBits + 1; l <= 16; l++ {
		c := int32(d.bits>>(d.n-uint(l))) & (1<<l - 1)
		if c <= h.maxcode[l] {
			d.n -= uint(l)
			i := h.valptr[l] + c - h.mincode[l]
			h.table.Used[i] = true
			return h.vals[i], nil
		}
	}
	return 0, FormatError("bad Huffman code")
}

func (d *decoder) baseline(blk []int16, dc, ac *huff, pred *int) error {
	s, err := d.decode(dc)
	if err != nil {
		return err
	}
	if s > 15 {
		return FormatError("bad DC size")
	}
	*pred += extend(d.getBits(uint(s)), uint(s))
	blk[0] = int16(*pred)
	for k := 1; k < 64; k++ {
		rs, err := d.decode(ac)
		if err != nil {
			return err
		}
		r, s := int(rs>>4), uint(rs&15)
		if s == 0 {
			if r != 15 {
				break
			}
			k += 15
			continue
		}
		k += r
		if k > 63 {
			return FormatError("too many coefficients")
		}
		blk[k] = int16(extend(d.getBits(s), s))
	}
	return nil
}

func (d *decoder) dcFirst(blk []int16, dc *huff, pred *int, al int) error {
	s, err := d.decode(dc)
	if err != nil {
		return err
	}
	if s > 15 {
		return FormatError("bad DC size")
	}
	*pred += extend(d.getBits(uint(s)), uint(s))
	blk[0] = int16(*pred << al)
	return nil
}

func (d *decoder) dcRefine(blk []int16, al int) error {
	if d.getBit() {
		blk[0] |= 1 << al
	}
	return nil
}

func (d *decoder) acFirst(blk []int16, ac *huff, ss, se, al int) error {
	if d.eob > 0 {
		d.eob--
		return nil
	}
	for k := ss; k <= se; k++ {
		rs, err := d.decode(ac)
		if err != nil {
			return err
		}
		r, s := int(rs>>4), uint(rs&15)
		if s == 0 {
			if r != 15 {
				d.eob = 1<<r - 1
				if r > 0 {
					d.eob += d.getBits(uint(r))
				}
				break
			}
			k += 15
			continue
		}
		k += r
		if k > se {
			return FormatError("too many coefficients")
		}
		blk[k] = int16(extend(d.getBits(s), s) << al)
	}
	return nil
}

func (d *decoder) acRefine(blk []int16, ac *huff, ss, se, al int) error {
	delta := int16(1 << al)
	k := ss
	if d.eob == 0 {
	loop:
		for ; k <= se; k++ {
			z := int16(0)
			rs, err := d.decode(ac)
			if err != nil {
				return err
			}
			r, s := int(rs>>4), rs&15
			switch s {
			case 0:
				if r != 15 {
					d.eob = 1 << r
					if r > 0 {
						d.eob += d.getBits(uint(r))
					}
					break loop
				}
			case 1:
				z = delta
				if !d.getBit() {
					z = -delta
				}
			default:
				return FormatError("bad refinement code")
			}
			k = d.refineNonZero(blk, k, se, r, delta)
			if k > se {
				return FormatError("too many coefficients")
			}
			if z != 0 {
				blk[k] = z
			}
		}
	}
	if d.eob > 0 {
		d.eob--
		d.refineNonZero(blk, k, se, -1, delta)
	}
	return nil
}

// refineNonZero refines the nonzero coefficients from k on, skipping nz
// zero ones (all of them when nz < 0), and returns the position reached.
func (d *decoder) refineNonZero(blk []int16, k, se, nz int, delta int16) int {
	for ; k <= se; k++ {
		if blk[k] == 0 {
			if nz == 0 {
				break
			}
			nz--
			continue
		}
		if d.getBit() {
			if blk[k] >= 0 {
				blk[k] += delta
			} else {
				blk[k] -= delta
			}
		}
	}
	return k
}
