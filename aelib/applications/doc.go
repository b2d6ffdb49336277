// Package applications measures what the tutorial says autoencoders are used for —
// denoising, watermark removal, super-resolution (its dimensionality-reduction figure read
// as 14×14 → 28×28), feature variation, dimensionality reduction — and anomaly detection,
// each against PCA and a trivial baseline on the same test images.
//
// Models are trained by the one train-and-score path (package lab) with the corruption as
// the model's Denoise option; this package only turns trained models and fitted PCAs into
// numbers: PSNR of restored images, ROC AUC of reconstruction errors, the change of an
// attribute along a direction in code space, k-NN accuracy of codes. Tables and figures of
// those numbers are in package report.
//
// Example: a denoising autoencoder, the noisy input and PCA, in PSNR against the clean digits.
//
//	dae, _, _ := lab.Train(b, model.Denoising(), data, lab.Options{Root: "runs"})
//	p, _, _ := lab.PCA(data, 32)
//	clean := data.Test.Images
//	noisy, _ := corrupt.Noise{Kind: corrupt.Gaussian, Level: 0.5}.Apply(clean, 7)
//	r, _ := applications.Restore("gaussian σ=0.5", clean, noisy, []applications.Method{
//		applications.Input("noisy input"),
//		applications.Autoencoder("denoising autoencoder", dae),
//		applications.PCA("PCA 32", p),
//	})
//	fmt.Println(r.Methods, r.PSNR)
package applications
