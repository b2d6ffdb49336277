// Package analysis measures trained models and fitted PCAs: pure functions on codes and
// reconstruction errors (interpolation, unit statistics, k-NN accuracy, code sensitivity,
// subspace angles, worst cases) and what the tutorial says autoencoders are used for —
// denoising, watermark removal, super-resolution, colouring, feature variation,
// dimensionality reduction, transfer with few labels, anomaly detection — each against PCA
// and a trivial baseline on the same test images.
//
// Every such measurement takes Method values: a name, and the method's Encode and
// Reconstruct (Autoencoder, PCA, Input, Bilinear, Func). PCA is scored on its raw
// reconstructions (see PCA). Nothing here trains: models come from package lab (which
// also holds the one denoising comparison, lab.CompareDenoisers), and tables and figures
// of these numbers are in package report.
//
// Example: a denoising autoencoder, the noisy input and PCA, in PSNR against the clean digits.
//
//	dae, _, _ := lab.Train(b, model.Denoising(), data, lab.Options{Root: "runs"})
//	p, _, _ := lab.PCA(data, 32)
//	r, _ := analysis.RestoreNoise(data.Test.Images, corrupt.Noise{Kind: corrupt.Gaussian, Level: 0.5}, 7, []analysis.Method{
//		analysis.Input("noisy input"),
//		analysis.Autoencoder("denoising autoencoder", dae),
//		analysis.PCA("PCA 32", p),
//	})
//	fmt.Println(r.Corruption, r.Methods, r.PSNR) // gaussian σ=0.5 [...] [...]
package analysis
