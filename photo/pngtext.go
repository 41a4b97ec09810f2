package photo

import (
	"bytes"
	"compress/zlib"
	"io"
)

// maxInflate bounds what a compressed PNG text or profile may expand to.
const maxInflate = 16 << 20

func inflate(b []byte) ([]byte, error) {
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxInflate+1))
	if err != nil {
		return nil, err
	}
	if len(out) > maxInflate {
		return nil, FormatError("compressed PNG chunk expands past the limit")
	}
	return out, nil
}

// pngICC returns the profile of an iCCP chunk: name, NUL, method, zlib data.
func pngICC(d []byte) ([]byte, error) {
	k := bytes.IndexByte(d, 0)
	if k < 0 || k+2 > len(d) {
		return nil, FormatError("corrupt PNG: bad iCCP chunk")
	}
	prof, err := inflate(d[k+2:])
	if err != nil {
		return nil, FormatError("corrupt PNG: iCCP profile does not inflate")
	}
	return prof, nil
}

// pngText decodes a tEXt, zTXt or iTXt chunk as far as it can; a value that
// cannot be read is reported as such rather than dropped.
func pngText(c Chunk) TextChunk {
	t := TextChunk{Type: c.Type}
	d := c.Data
	k := bytes.IndexByte(d, 0)
	if k < 0 {
		t.Key, t.Value = string(d), ""
		return t
	}
	t.Key, d = string(d[:k]), d[k+1:]
	switch c.Type {
	case "tEXt":
		t.Value = string(d)
	case "zTXt":
		if len(d) < 1 {
			return t
		}
		if v, err := inflate(d[1:]); err == nil {
			t.Value = string(v)
		} else {
			t.Value = "(unreadable compressed text)"
		}
	case "iTXt":
		// compression flag, method, language NUL, translated key NUL, text
		if len(d) < 2 {
			return t
		}
		compressed := d[0] == 1
		rest := d[2:]
		for range 2 {
			z := bytes.IndexByte(rest, 0)
			if z < 0 {
				return t
			}
			rest = rest[z+1:]
		}
		if !compressed {
			t.Value = string(rest)
		} else if v, err := inflate(rest); err == nil {
			t.Value = string(v)
		} else {
			t.Value = "(unreadable compressed text)"
		}
	}
	return t
}
