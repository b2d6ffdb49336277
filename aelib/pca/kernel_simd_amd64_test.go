//go:build goexperiment.simd && amd64

package pca

import "simd/archsimd"

func init() {
	if archsimd.X86.AVX2() && archsimd.X86.FMA() {
		extraKernelSets = append(extraKernelSets, kernelSet{useAVX2})
	}
}
