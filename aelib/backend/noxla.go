//go:build noxla

package backend

func installedXLAPlugin() (name, path string, ok bool, problem string) { return "", "", false, "" }

func xlaSearchDescription() string { return "XLA support was left out at build time with -tags noxla" }

func disableAutoInstall() {}
