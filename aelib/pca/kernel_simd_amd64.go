//go:build goexperiment.simd && amd64

package pca

import "simd/archsimd"

func init() {
	switch {
	case archsimd.X86.AVX512():
		kernel4x16 = kernel4x16AVX512
		kernel4x16R = kernel4x16RAVX512
		convertRow = convertRowAVX512
		dotKernel = dotAVX512
		accumulateRow = accumulateRowAVX512
		kernelName = "avx512"
	case archsimd.X86.AVX2() && archsimd.X86.FMA():
		useAVX2()
	}
}

// useAVX2 installs the AVX2+FMA kernels.
func useAVX2() {
	kernel4x16 = kernel4x16AVX2
	kernel4x16R = kernel4x16RAVX2
	convertRow = convertRowAVX2
	dotKernel = dotAVX2
	accumulateRow = accumulateRowAVX2
	kernelName = "avx2"
}

// kernel4x16AVX512 is kernel4x16Go with eight 512-bit accumulators
// (4 rows × 2 vectors of 8 float64) and fused multiply-adds.
func kernel4x16AVX512(kc int, pa []float64, sa int, pb []float64, sb int, c []float64, ldc int) {
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float64x8
	for i := 0; i < kc; i++ {
		a := pa[i*sa : i*sa+4 : i*sa+4]
		b := pb[i*sb : i*sb+16 : i*sb+16]
		b0 := archsimd.LoadFloat64x8(b[0:8])
		b1 := archsimd.LoadFloat64x8(b[8:16])
		x := archsimd.BroadcastFloat64x8(a[0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat64x8(a[1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat64x8(a[2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat64x8(a[3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	addRow16(c[0*ldc:], c00, c01)
	addRow16(c[1*ldc:], c10, c11)
	addRow16(c[2*ldc:], c20, c21)
	addRow16(c[3*ldc:], c30, c31)
}

// kernel4x16RAVX512 is kernel4x16RGo with AVX-512.
func kernel4x16RAVX512(kc int, a0, a1, a2, a3 []float64, pb []float64, sb int, c []float64, ldc int) {
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float64x8
	a0, a1, a2, a3 = a0[:kc], a1[:kc], a2[:kc], a3[:kc]
	for i := range a0 {
		b := pb[i*sb : i*sb+16 : i*sb+16]
		b0 := archsimd.LoadFloat64x8(b[0:8])
		b1 := archsimd.LoadFloat64x8(b[8:16])
		x := archsimd.BroadcastFloat64x8(a0[i])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat64x8(a1[i])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat64x8(a2[i])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat64x8(a3[i])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	addRow16(c[0*ldc:], c00, c01)
	addRow16(c[1*ldc:], c10, c11)
	addRow16(c[2*ldc:], c20, c21)
	addRow16(c[3*ldc:], c30, c31)
}

func addRow16(row []float64, v0, v1 archsimd.Float64x8) {
	row = row[:16:16]
	archsimd.LoadFloat64x8(row[0:8]).Add(v0).Store(row[0:8])
	archsimd.LoadFloat64x8(row[8:16]).Add(v1).Store(row[8:16])
}

// convertRowAVX512 is convertRowGo, eight elements at a time.
func convertRowAVX512(dst []float64, src []float32, shift []float64) {
	n := len(src)
	dst = dst[:n]
	j := 0
	if shift == nil {
		for ; j+8 <= n; j += 8 {
			archsimd.LoadFloat32x8(src[j : j+8]).ConvertToFloat64().Store(dst[j : j+8])
		}
		for ; j < n; j++ {
			dst[j] = float64(src[j])
		}
		return
	}
	shift = shift[:n]
	for ; j+8 <= n; j += 8 {
		v := archsimd.LoadFloat32x8(src[j : j+8]).ConvertToFloat64()
		v.Sub(archsimd.LoadFloat64x8(shift[j : j+8])).Store(dst[j : j+8])
	}
	for ; j < n; j++ {
		dst[j] = float64(src[j]) - shift[j]
	}
}

// dotAVX512 is dotGo with four 8-wide accumulators.
func dotAVX512(x, y []float64) float64 {
	n := len(x)
	y = y[:n]
	var a0, a1, a2, a3 archsimd.Float64x8
	i := 0
	for ; i+32 <= n; i += 32 {
		a0 = archsimd.LoadFloat64x8(x[i:i+8]).MulAdd(archsimd.LoadFloat64x8(y[i:i+8]), a0)
		a1 = archsimd.LoadFloat64x8(x[i+8:i+16]).MulAdd(archsimd.LoadFloat64x8(y[i+8:i+16]), a1)
		a2 = archsimd.LoadFloat64x8(x[i+16:i+24]).MulAdd(archsimd.LoadFloat64x8(y[i+16:i+24]), a2)
		a3 = archsimd.LoadFloat64x8(x[i+24:i+32]).MulAdd(archsimd.LoadFloat64x8(y[i+24:i+32]), a3)
	}
	for ; i+8 <= n; i += 8 {
		a0 = archsimd.LoadFloat64x8(x[i:i+8]).MulAdd(archsimd.LoadFloat64x8(y[i:i+8]), a0)
	}
	var buf [8]float64
	a0.Add(a1).Add(a2.Add(a3)).StoreArray(&buf)
	s := ((buf[0] + buf[1]) + (buf[2] + buf[3])) + ((buf[4] + buf[5]) + (buf[6] + buf[7]))
	for ; i < n; i++ {
		s += x[i] * y[i]
	}
	return s
}

// accumulateRowAVX512 is accumulateRowGo, eight elements at a time.
func accumulateRowAVX512(sum, dev []float64, row, first []float32) {
	n := len(row)
	sum, dev, first = sum[:n], dev[:n], first[:n]
	j := 0
	for ; j+8 <= n; j += 8 {
		x := archsimd.LoadFloat32x8(row[j : j+8]).ConvertToFloat64()
		t := x.Sub(archsimd.LoadFloat32x8(first[j : j+8]).ConvertToFloat64())
		archsimd.LoadFloat64x8(sum[j : j+8]).Add(x).Store(sum[j : j+8])
		t.MulAdd(t, archsimd.LoadFloat64x8(dev[j:j+8])).Store(dev[j : j+8])
	}
	for ; j < n; j++ {
		x := float64(row[j])
		t := x - float64(first[j])
		sum[j] += x
		dev[j] += t * t
	}
}

// The AVX2 kernels use 256-bit vectors (16 registers): the 4×16 tile is
// computed as two 4×8 halves with eight accumulators each.

func kernel4x16AVX2(kc int, pa []float64, sa int, pb []float64, sb int, c []float64, ldc int) {
	kernel4x8AVX2(kc, pa, sa, pb, sb, c, ldc)
	kernel4x8AVX2(kc, pa, sa, pb[8:], sb, c[8:], ldc)
}

func kernel4x8AVX2(kc int, pa []float64, sa int, pb []float64, sb int, c []float64, ldc int) {
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float64x4
	for i := 0; i < kc; i++ {
		a := pa[i*sa : i*sa+4 : i*sa+4]
		b := pb[i*sb : i*sb+8 : i*sb+8]
		b0 := archsimd.LoadFloat64x4(b[0:4])
		b1 := archsimd.LoadFloat64x4(b[4:8])
		x := archsimd.BroadcastFloat64x4(a[0])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat64x4(a[1])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat64x4(a[2])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat64x4(a[3])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	addRow8(c[0*ldc:], c00, c01)
	addRow8(c[1*ldc:], c10, c11)
	addRow8(c[2*ldc:], c20, c21)
	addRow8(c[3*ldc:], c30, c31)
}

func kernel4x16RAVX2(kc int, a0, a1, a2, a3 []float64, pb []float64, sb int, c []float64, ldc int) {
	kernel4x8RAVX2(kc, a0, a1, a2, a3, pb, sb, c, ldc)
	kernel4x8RAVX2(kc, a0, a1, a2, a3, pb[8:], sb, c[8:], ldc)
}

func kernel4x8RAVX2(kc int, a0, a1, a2, a3 []float64, pb []float64, sb int, c []float64, ldc int) {
	var c00, c01, c10, c11, c20, c21, c30, c31 archsimd.Float64x4
	a0, a1, a2, a3 = a0[:kc], a1[:kc], a2[:kc], a3[:kc]
	for i := range a0 {
		b := pb[i*sb : i*sb+8 : i*sb+8]
		b0 := archsimd.LoadFloat64x4(b[0:4])
		b1 := archsimd.LoadFloat64x4(b[4:8])
		x := archsimd.BroadcastFloat64x4(a0[i])
		c00 = x.MulAdd(b0, c00)
		c01 = x.MulAdd(b1, c01)
		x = archsimd.BroadcastFloat64x4(a1[i])
		c10 = x.MulAdd(b0, c10)
		c11 = x.MulAdd(b1, c11)
		x = archsimd.BroadcastFloat64x4(a2[i])
		c20 = x.MulAdd(b0, c20)
		c21 = x.MulAdd(b1, c21)
		x = archsimd.BroadcastFloat64x4(a3[i])
		c30 = x.MulAdd(b0, c30)
		c31 = x.MulAdd(b1, c31)
	}
	addRow8(c[0*ldc:], c00, c01)
	addRow8(c[1*ldc:], c10, c11)
	addRow8(c[2*ldc:], c20, c21)
	addRow8(c[3*ldc:], c30, c31)
}

func addRow8(row []float64, v0, v1 archsimd.Float64x4) {
	row = row[:8:8]
	archsimd.LoadFloat64x4(row[0:4]).Add(v0).Store(row[0:4])
	archsimd.LoadFloat64x4(row[4:8]).Add(v1).Store(row[4:8])
}

func convertRowAVX2(dst []float64, src []float32, shift []float64) {
	n := len(src)
	dst = dst[:n]
	j := 0
	if shift == nil {
		for ; j+4 <= n; j += 4 {
			archsimd.LoadFloat32x4(src[j : j+4]).ConvertToFloat64().Store(dst[j : j+4])
		}
		for ; j < n; j++ {
			dst[j] = float64(src[j])
		}
		return
	}
	shift = shift[:n]
	for ; j+4 <= n; j += 4 {
		v := archsimd.LoadFloat32x4(src[j : j+4]).ConvertToFloat64()
		v.Sub(archsimd.LoadFloat64x4(shift[j : j+4])).Store(dst[j : j+4])
	}
	for ; j < n; j++ {
		dst[j] = float64(src[j]) - shift[j]
	}
}

func dotAVX2(x, y []float64) float64 {
	n := len(x)
	y = y[:n]
	var a0, a1, a2, a3 archsimd.Float64x4
	i := 0
	for ; i+16 <= n; i += 16 {
		a0 = archsimd.LoadFloat64x4(x[i:i+4]).MulAdd(archsimd.LoadFloat64x4(y[i:i+4]), a0)
		a1 = archsimd.LoadFloat64x4(x[i+4:i+8]).MulAdd(archsimd.LoadFloat64x4(y[i+4:i+8]), a1)
		a2 = archsimd.LoadFloat64x4(x[i+8:i+12]).MulAdd(archsimd.LoadFloat64x4(y[i+8:i+12]), a2)
		a3 = archsimd.LoadFloat64x4(x[i+12:i+16]).MulAdd(archsimd.LoadFloat64x4(y[i+12:i+16]), a3)
	}
	for ; i+4 <= n; i += 4 {
		a0 = archsimd.LoadFloat64x4(x[i:i+4]).MulAdd(archsimd.LoadFloat64x4(y[i:i+4]), a0)
	}
	var buf [4]float64
	a0.Add(a1).Add(a2.Add(a3)).StoreArray(&buf)
	s := (buf[0] + buf[1]) + (buf[2] + buf[3])
	for ; i < n; i++ {
		s += x[i] * y[i]
	}
	return s
}

func accumulateRowAVX2(sum, dev []float64, row, first []float32) {
	n := len(row)
	sum, dev, first = sum[:n], dev[:n], first[:n]
	j := 0
	for ; j+4 <= n; j += 4 {
		x := archsimd.LoadFloat32x4(row[j : j+4]).ConvertToFloat64()
		t := x.Sub(archsimd.LoadFloat32x4(first[j : j+4]).ConvertToFloat64())
		archsimd.LoadFloat64x4(sum[j : j+4]).Add(x).Store(sum[j : j+4])
		t.MulAdd(t, archsimd.LoadFloat64x4(dev[j:j+4])).Store(dev[j : j+4])
	}
	for ; j < n; j++ {
		x := float64(row[j])
		t := x - float64(first[j])
		sum[j] += x
		dev[j] += t * t
	}
}
