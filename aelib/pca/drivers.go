package pca

import (
	"runtime"
	"sync"
)

// chunk is the number of data rows packed at a time (the kc of the
// micro-kernel calls that reduce over rows); a packed chunk of MNIST is
// 128×784×8 B ≈ 800 KiB, which stays in L2.
const chunk = 128

// maxAccBytes bounds the memory of the per-worker accumulators of
// syrkDriver; above it fewer workers are used.
const maxAccBytes = 1 << 30

// dataMat is a row-major float32 n×d matrix whose columns are shifted by
// shift (nil means no shift) when read: element (i, j) is x[i*d+j] − shift[j].
// Alternatively x64 holds the data in float64; only mulXB (rowOf)
// supports that.
//
// cols, if non-nil, selects (in increasing order) the columns that
// covariance uses; the other drivers ignore it.
type dataMat struct {
	x     []float32
	x64   []float64
	n, d  int
	shift []float64
	cols  []int
}

// width returns the number of columns covariance sees.
func (m dataMat) width() int {
	if m.cols != nil {
		return len(m.cols)
	}
	return m.d
}

func roundUp(a, b int) int { return (a + b - 1) / b * b }

// maxGroups is the most partial sums a reduction keeps: the parallelism of the drivers'
// reductions, whatever GOMAXPROCS is.
const maxGroups = 8

// reductionGroups is the number of partial sums a reduction over nchunks chunks keeps,
// each accBytes big: a function of the data alone, never of the worker count, so that the
// sum — added in group order — is bitwise the same under any GOMAXPROCS. It is bounded by
// maxGroups and by maxAccBytes of accumulators.
func reductionGroups(nchunks, accBytes int) int {
	return max(1, min(maxGroups, nchunks, maxAccBytes/max(accBytes, 1)))
}

// groupChunks is the contiguous range of chunks [lo, hi) of group g of groups.
func groupChunks(g, groups, nchunks int) (lo, hi int) {
	return g * nchunks / groups, (g + 1) * nchunks / groups
}

// runtimeWorkers returns the number of goroutines the parallel loops use,
// runtime.GOMAXPROCS(0). Callers take it once and size their per-worker
// state with it.
func runtimeWorkers() int { return max(1, runtime.GOMAXPROCS(0)) }

// parallelRanges splits [0, units) into at most workers contiguous ranges
// and runs f on each in its own goroutine (worker < workers identifies it).
// It returns the number of ranges used.
func parallelRanges(units, workers int, f func(worker, lo, hi int)) int {
	w := max(workers, 1)
	if w > units {
		w = units
	}
	if w <= 1 {
		if units > 0 {
			f(0, 0, units)
		}
		return 1
	}
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		lo, hi := k*units/w, (k+1)*units/w
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(k, lo, hi)
		}()
	}
	wg.Wait()
	return w
}

// packCols packs rows [r0, r0+rows) of m into 16-column blocks:
// p[cb*chunk*16 + i*16 + jj] = m(r0+i, c(cb*16+jj)), zero past the last
// column, where c selects the columns m.cols (all columns if nil).
// row and tmp are scratch of length roundUp(m.width(), 16) and m.d.
func packCols(p, row, tmp []float64, m dataMat, r0, rows int) {
	d := m.d
	w := m.width()
	wp := roundUp(w, 16)
	clear(row[w:wp])
	for i := 0; i < rows; i++ {
		src := m.x[(r0+i)*d : (r0+i+1)*d]
		if m.cols == nil {
			convertRow(row, src, m.shift)
		} else {
			convertRow(tmp, src, m.shift)
			for jj, j := range m.cols {
				row[jj] = tmp[j]
			}
		}
		for cb := 0; cb < wp/16; cb++ {
			copy(p[cb*chunk*16+i*16:cb*chunk*16+i*16+16], row[cb*16:cb*16+16])
		}
	}
}

// packGram packs columns [j0, j0+cols) of m so that the rows of m become
// the columns of the packed panel: p[rb*chunk*16 + jj*16 + t] = m(rb*16+t, j0+jj),
// zero for rows ≥ n.
func packGram(p []float64, m dataMat, j0, cols int) {
	n, d := m.n, m.d
	np := roundUp(n, 16)
	for i := 0; i < np; i++ {
		base := (i/16)*chunk*16 + i%16
		if i >= n {
			for jj := 0; jj < cols; jj++ {
				p[base+jj*16] = 0
			}
			continue
		}
		src := m.x[i*d+j0 : i*d+j0+cols]
		for jj, v := range src {
			s := float64(v)
			if m.shift != nil {
				s -= m.shift[j0+jj]
			}
			p[base+jj*16] = s
		}
	}
}

// syrkDriver returns the full symmetric p×p matrix Σ_s a_s a_sᵀ, where the
// steps s ∈ [0, steps) are packed chunk by chunk by pack(buf, scratch, s0, cnt) into
// 16-wide blocks of the p coordinates (buf[cb*chunk*16 + i*16 + jj] is
// coordinate cb*16+jj of step s0+i; coordinates ≥ p must be packed as zero;
// scratch has length roundUp(p, 16)).
// Only the upper triangle of blocks is computed.
func syrkDriver(steps, p int, pack func(buf, scratch []float64, s0, cnt int)) []float64 {
	pp := roundUp(p, 16)
	nchunks := (steps + chunk - 1) / chunk
	groups := reductionGroups(nchunks, pp*pp*8)
	accs := make([][]float64, groups)
	parallelRanges(groups, runtimeWorkers(), func(_, glo, ghi int) {
		buf := make([]float64, pp*chunk)
		row := make([]float64, pp)
		for g := glo; g < ghi; g++ {
			acc := make([]float64, pp*pp)
			lo, hi := groupChunks(g, groups, nchunks)
			for ch := lo; ch < hi; ch++ {
				s0 := ch * chunk
				cnt := min(chunk, steps-s0)
				pack(buf, row, s0, cnt)
				for a0 := 0; a0 < pp; a0 += 4 {
					cba := a0 / 16
					pa := buf[cba*chunk*16+a0%16:]
					for cb := cba; cb < pp/16; cb++ {
						kernel4x16(cnt, pa, 16, buf[cb*chunk*16:], 16, acc[a0*pp+cb*16:], pp)
					}
				}
			}
			accs[g] = acc
		}
	})
	var sum []float64
	for _, a := range accs {
		if a == nil {
			continue
		}
		if sum == nil {
			sum = a
			continue
		}
		for i := range sum {
			sum[i] += a[i]
		}
	}
	out := make([]float64, p*p)
	if sum == nil {
		return out
	}
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			v := sum[i*pp+j]
			out[i*p+j] = v
			out[j*p+i] = v
		}
	}
	return out
}

// covariance returns the p×p scatter matrix X_cᵀX_c of m (m.shift is the
// column mean) restricted to the p = m.width() columns m.cols, computed in
// float64.
func covariance(m dataMat) []float64 {
	return syrkDriver(m.n, m.width(), func(buf, row []float64, s0, cnt int) {
		var tmp []float64
		if m.cols != nil {
			tmp = make([]float64, m.d) // small next to a chunk of work
		}
		packCols(buf, row, tmp, m, s0, cnt)
	})
}

// gram returns the n×n Gram matrix X_cX_cᵀ of m, computed in float64.
func gram(m dataMat) []float64 {
	return syrkDriver(m.d, m.n, func(buf, _ []float64, s0, cnt int) {
		packGram(buf, m, s0, cnt)
	})
}

// padCols copies the r×c row-major b into a new r×cp matrix, cp = roundUp(c, 16).
func padCols(b []float64, r, c int) ([]float64, int) {
	cp := roundUp(c, 16)
	if cp == c {
		return b, c
	}
	out := make([]float64, r*cp)
	for i := 0; i < r; i++ {
		copy(out[i*cp:i*cp+c], b[i*c:(i+1)*c])
	}
	return out, cp
}

// rowOf returns row i of m as float64 with the shift applied, using buf
// (length ≥ d) when a conversion is needed.
func (m dataMat) rowOf(i int, buf []float64) []float64 {
	d := m.d
	if m.x64 != nil {
		if m.shift == nil {
			return m.x64[i*d : (i+1)*d]
		}
		r := buf[:d]
		for j, v := range m.x64[i*d : (i+1)*d] {
			r[j] = v - m.shift[j]
		}
		return r
	}
	convertRow(buf, m.x[i*d:(i+1)*d], m.shift)
	return buf[:d]
}

// mulXB computes Y = M·B for the n×d data matrix M and the d×nb float64
// matrix B, and hands each row of Y to store (row has length nb and is
// reused after store returns; store is called concurrently for different
// rows, with worker < workers identifying the calling goroutine).
func mulXB(m dataMat, b []float64, nb, workers int, store func(worker, i int, row []float64)) {
	d := m.d
	bp, mp := padCols(b, d, nb)
	nblk := (m.n + 3) / 4
	zero := make([]float64, d)
	parallelRanges(nblk, workers, func(w, lo, hi int) {
		var bufs [4][]float64
		for t := range bufs {
			bufs[t] = make([]float64, d)
		}
		var rows [4][]float64
		tile := make([]float64, 4*mp)
		for blk := lo; blk < hi; blk++ {
			i0 := blk * 4
			nr := min(4, m.n-i0)
			for t := range rows {
				if t < nr {
					rows[t] = m.rowOf(i0+t, bufs[t])
				} else {
					rows[t] = zero
				}
			}
			clear(tile)
			for c0 := 0; c0 < mp; c0 += 16 {
				kernel4x16R(d, rows[0], rows[1], rows[2], rows[3], bp[c0:], mp, tile[c0:], mp)
			}
			for t := 0; t < nr; t++ {
				store(w, i0+t, tile[t*mp:t*mp+nb])
			}
		}
	})
}

// mulXtQ returns the d×nq matrix Mᵀ·Q for the n×d data matrix M and the
// n×nq float64 matrix Q.
func mulXtQ(m dataMat, q []float64, nq int) []float64 {
	return streamXt(m, nq, func(dst []float64, ld int, r0, rows int, _ []float64, _ int) {
		for i := 0; i < rows; i++ {
			copy(dst[i*ld:i*ld+nq], q[(r0+i)*nq:(r0+i+1)*nq])
		}
	})
}

// covTimes returns the d×nz matrix MᵀM·Z (the scatter matrix times Z) in a
// single pass over the data, without forming MᵀM.
func covTimes(m dataMat, z []float64, nz int) []float64 {
	d := m.d
	zp, mp := padCols(z, d, nz)
	zero := make([]float64, d)
	return streamXt(m, nz, func(dst []float64, ld int, r0, rows int, r []float64, ldr int) {
		// dst (chunk×ld, zeroed) = M[r0:r0+rows]·Z, from the packed rows r.
		for i0 := 0; i0 < rows; i0 += 4 {
			var a [4][]float64
			for t := range a {
				if i0+t < rows {
					a[t] = r[(i0+t)*ldr : (i0+t)*ldr+d]
				} else {
					a[t] = zero
				}
			}
			for c0 := 0; c0 < mp; c0 += 16 {
				kernel4x16R(d, a[0], a[1], a[2], a[3], zp[c0:], mp, dst[i0*ld+c0:], ld)
			}
		}
	})
}

// streamXt returns the d×nq matrix Σ_chunks M[chunk]ᵀ·Q[chunk]. For each
// chunk of rows [r0, r0+rows) the rows of M are converted to float64 into
// r (leading dimension ldr = roundUp(d, 16), zero padded), then fill writes
// the rows×nq block Q[r0:r0+rows] into dst (leading dimension ld, zeroed
// beforehand). The accumulation runs as (Qᵀ·M)ᵀ so that the wide operand
// is read along rows of r.
func streamXt(m dataMat, nq int, fill func(dst []float64, ld int, r0, rows int, r []float64, ldr int)) []float64 {
	d := m.d
	dp := roundUp(d, 16)
	mp := roundUp(nq, 4)
	qld := roundUp(nq, 16)
	nchunks := (m.n + chunk - 1) / chunk
	groups := reductionGroups(nchunks, mp*dp*8)
	accs := make([][]float64, groups)
	parallelRanges(groups, runtimeWorkers(), func(_, glo, ghi int) {
		r := make([]float64, chunk*dp)
		qc := make([]float64, chunk*qld)
		for g := glo; g < ghi; g++ {
			acc := make([]float64, mp*dp) // (MᵀQ)ᵀ, nq×d padded
			lo, hi := groupChunks(g, groups, nchunks)
			for ch := lo; ch < hi; ch++ {
				r0 := ch * chunk
				rows := min(chunk, m.n-r0)
				for i := 0; i < rows; i++ {
					convertRow(r[i*dp:i*dp+d], m.x[(r0+i)*d:(r0+i+1)*d], m.shift)
				}
				clear(qc)
				fill(qc, qld, r0, rows, r, dp)
				for c0 := 0; c0 < mp; c0 += 4 {
					for j0 := 0; j0 < dp; j0 += 16 {
						kernel4x16(rows, qc[c0:], qld, r[j0:], dp, acc[c0*dp+j0:], dp)
					}
				}
			}
			accs[g] = acc
		}
	})
	out := make([]float64, d*nq)
	for _, a := range accs {
		if a == nil {
			continue
		}
		for c := 0; c < nq; c++ {
			for j, v := range a[c*dp : c*dp+d] {
				out[j*nq+c] += v
			}
		}
	}
	return out
}
