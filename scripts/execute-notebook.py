#!/usr/bin/env python3
"""Executes one notebook top to bottom in a fresh kernel and writes the results.

Used by scripts/run-notebooks.sh; run it with an interpreter that has nbconvert (on Debian
/usr/bin/python3 with python3-nbconvert).

It drives nbconvert's ExecutePreprocessor -- the engine behind
`python3 -m nbconvert --to notebook --execute` -- directly, because the command line tool
(a) writes nothing when a cell fails, and (b) prints only GoNB's "failed to run go build"
summary, not the compiler error or panic. This driver instead:

  * writes the executed notebook (complete, or up to the failing cell, the cells after it
    emptied of outputs an earlier run left) to
    OUTPUT_DIR/NAME.ipynb and its HTML rendering to OUTPUT_DIR/NAME.html (outputs, images
    included, are embedded as data: URIs);
  * on failure prints the notebook, the failing cell (number, execution count, first line
    of source) and its error output as plain text, and exits with status 1;
  * logs progress and the time of every cell;
  * sends the kernel's own log (GoNB writes to stderr) to OUTPUT_DIR/NAME.kernel.log;
  * with --inplace, on success also writes the executed notebook back over the source.

Exit status: 0 success, 1 a cell failed / timed out / the kernel died, 2 usage or I/O error.
"""

import argparse
import html.parser
import os
import re
import sys
import time

try:
    import nbformat
    from nbconvert.exporters import HTMLExporter
    from nbconvert.preprocessors import ExecutePreprocessor
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
except ImportError as e:  # pragma: no cover - environment problem
    sys.stderr.write(
        f"execute-notebook: {e}\n"
        f"execute-notebook: {sys.executable} lacks nbconvert/nbclient; run scripts/setup-notebooks.sh\n"
    )
    sys.exit(2)

MAX_ERROR_LINES = 60
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# Messages go to the original stderr; fd 2 itself is redirected to the kernel log while the
# kernel runs (the kernel inherits it).
MSG = sys.stderr


def msg(text):
    MSG.write(text.rstrip("\n") + "\n")
    MSG.flush()


def first_line(source, max_len=80):
    """First non-blank line of a cell source, skipping GoNB's bare "%%" marker."""
    for line in source.splitlines():
        line = line.strip()
        if line and line != "%%":
            return line if len(line) <= max_len else line[:max_len] + "…"
    return ""


class _HTMLText(html.parser.HTMLParser):
    """Text content of an HTML fragment, without <style>/<script> and without GoNB's
    hidden error-context popups (class "gonb-err-context")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip_depth = 0  # >0 while inside an element whose text is dropped.

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if self.skip_depth or tag in ("style", "script") or "gonb-err-context" in classes.split():
            self.skip_depth += 1
        elif tag in ("div", "br", "p", "tr", "li", "pre"):
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if self.skip_depth:
            self.skip_depth -= 1

    def handle_startendtag(self, tag, attrs):
        if not self.skip_depth and tag == "br":
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def show_path(path):
    """Path relative to the working directory when inside it, else absolute."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def html_to_text(fragment):
    parser = _HTMLText()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def tail(text, max_lines=MAX_ERROR_LINES):
    lines = ANSI_ESCAPE.sub("", text).rstrip().splitlines()
    if len(lines) > max_lines:
        lines = [f"... ({len(lines) - max_lines} earlier lines cut)"] + lines[-max_lines:]
    return "\n".join(lines)


def error_text(cell):
    """Plain-text rendering of what a failed cell reported: stderr, GoNB's HTML error
    displays, and "error" outputs."""
    chunks = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stderr":
            chunks.append(out.get("text", ""))
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            html_data = data.get("text/html", "")
            if "gonb-err" in html_data or "application/vnd.jupyter.stderr" in html_data:
                chunks.append(html_to_text(html_data))
        elif kind == "error":
            chunks.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
            traceback = "\n".join(out.get("traceback", []))
            if traceback and traceback.strip() != out.get("evalue", "").strip():
                chunks.append(traceback)
    text = "\n".join(c.rstrip() for c in chunks if c and c.strip())
    if not text:
        # Fall back to the last stdout lines: the program may have logged before exiting.
        stdout = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout")
        text = stdout or "(the cell produced no error output)"
    return tail(text)


def is_empty_output(out):
    """A display whose every text is blank: what a live display block (progress line, live
    plot) leaves behind once it is cleared. Jupyter draws it as a blank gap."""
    if out.get("output_type") not in ("display_data", "update_display_data", "execute_result"):
        return False
    data = out.get("data", {})
    if not data:
        return True
    for mime, value in data.items():
        if not mime.startswith("text/"):
            return False
        text = "".join(value) if isinstance(value, list) else str(value)
        if text.strip():
            return False
    return True


def drop_empty_outputs(nb):
    """Removes blank display outputs from every code cell; returns how many."""
    dropped = 0
    for cell in nb.cells:
        if cell.get("cell_type") != "code":
            continue
        kept = [o for o in cell.get("outputs", []) if not is_empty_output(o)]
        dropped += len(cell.get("outputs", [])) - len(kept)
        cell["outputs"] = kept
    return dropped


def describe_cell(nb, index, with_count=True):
    cell = nb.cells[index]
    count = ""
    if with_count:
        n = cell.get("execution_count")
        count = f" (In [{n}])" if n is not None else " (not run)"
    return f"cell {index + 1} of {len(nb.cells)}{count}: {first_line(cell.get('source', ''))!r}"


def export_html(nb, html_path, name, nb_dir):
    exporter = HTMLExporter()
    if "embed_images" in exporter.trait_names():
        exporter.embed_images = True  # Markdown images too; outputs are always data: URIs.
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name, "path": nb_dir}})
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebook", help="notebook (.ipynb) to execute")
    ap.add_argument("--output-dir", required=True, help="where NAME.ipynb, NAME.html and NAME.kernel.log go")
    ap.add_argument("--kernel", default="gonb", help="kernel name (default: gonb)")
    ap.add_argument("--timeout", type=int, default=1800, help="per-cell timeout in seconds (default: 1800)")
    ap.add_argument("--startup-timeout", type=int, default=120, help="kernel start timeout in seconds (default: 120)")
    ap.add_argument("--inplace", action="store_true", help="on success, also write the executed notebook over the source")
    args = ap.parse_args()

    src = os.path.abspath(args.notebook)
    name = os.path.splitext(os.path.basename(src))[0]
    nb_dir = os.path.dirname(src)
    out_dir = os.path.abspath(args.output_dir)
    os.makedirs(out_dir, exist_ok=True)
    out_nb = os.path.join(out_dir, name + ".ipynb")
    out_html = os.path.join(out_dir, name + ".html")
    kernel_log = os.path.join(out_dir, name + ".kernel.log")
    rel = show_path(src)

    try:
        nb = nbformat.read(src, as_version=4)
    except Exception as e:  # noqa: BLE001 - report any parse problem the same way
        msg(f"ERROR: cannot read notebook {rel}: {e}")
        return 2

    state = {"index": None, "start": None}

    def on_cell_start(cell, cell_index, **_):
        if state["index"] is None:
            msg(f"[{name}] kernel ready in {time.monotonic() - started:.1f}s")
        state["index"], state["start"] = cell_index, time.monotonic()
        if cell.get("cell_type") == "code":
            msg(f"[{name}] {describe_cell(nb, cell_index, with_count=False)} ...")

    def on_cell_executed(cell, cell_index, **_):
        elapsed = time.monotonic() - (state["start"] or time.monotonic())
        msg(f"[{name}]   cell {cell_index + 1} done in {elapsed:.1f}s")

    ep = ExecutePreprocessor(
        kernel_name=args.kernel,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        allow_errors=False,
        record_timing=False,  # No per-cell timestamps in metadata: keeps committed notebooks diff-friendly.
    )
    hooks = {"on_cell_start": on_cell_start, "on_cell_executed": on_cell_executed}
    for hook, fn in hooks.items():
        if hook in ep.trait_names():
            setattr(ep, hook, fn)

    failure = None
    msg(f"[{name}] executing {rel} (kernel {args.kernel}, per-cell timeout {args.timeout}s, "
        f"AELIB_QUICK={os.environ.get('AELIB_QUICK', '')!r}); kernel log: {show_path(kernel_log)}")

    started = time.monotonic()
    saved_stderr = os.dup(2)
    global MSG
    MSG = os.fdopen(saved_stderr, "w", buffering=1)
    with open(kernel_log, "w") as log:
        os.dup2(log.fileno(), 2)
        try:
            ep.preprocess(nb, {"metadata": {"path": nb_dir}})
        except CellTimeoutError as e:
            failure = ("timed out", str(e))
        except CellExecutionError as e:
            failure = ("failed", str(e))
        except DeadKernelError as e:
            failure = ("kernel died", str(e))
        except Exception as e:  # noqa: BLE001 - e.g. kernel failed to start
            failure = ("could not run", f"{type(e).__name__}: {e}")
        finally:
            sys.stderr.flush()
            os.dup2(saved_stderr, 2)
    elapsed = time.monotonic() - started
    if failure is not None:
        # Cells after the failing one were not run: drop the outputs they carry from an earlier
        # run, so the partial report (and nbcheck, nbreport) shows only what this run produced.
        first_stale = 0 if state["index"] is None else state["index"] + 1
        for cell in nb.cells[first_stale:]:
            if cell.get("cell_type") == "code":
                cell["outputs"], cell["execution_count"] = [], None
    dropped = drop_empty_outputs(nb)
    if dropped:
        msg(f"[{name}] dropped {dropped} blank display output(s) left by live displays")

    try:
        nbformat.write(nb, out_nb)
        export_html(nb, out_html, name, nb_dir)
    except Exception as e:  # noqa: BLE001
        msg(f"ERROR: [{name}] writing results to {out_dir}: {e}")
        return 2

    if failure is not None:
        what, detail = failure
        index = state["index"]
        msg("")
        msg("=" * 78)
        if index is not None:
            msg(f"NOTEBOOK FAILED: {rel}: {what} at {describe_cell(nb, index)}")
            msg("-" * 78)
            if what == "timed out":
                msg(f"cell exceeded the per-cell timeout of {args.timeout}s")
            elif what == "failed":
                msg(error_text(nb.cells[index]))
            else:
                msg(tail(detail))
        else:
            msg(f"NOTEBOOK FAILED: {rel}: {what} before any cell ran")
            msg("-" * 78)
            msg(tail(detail))
        msg("-" * 78)
        msg(f"partial results: {show_path(out_nb)}, {show_path(out_html)}; "
            f"kernel log: {show_path(kernel_log)}")
        msg("=" * 78)
        return 1

    msg(f"[{name}] OK in {elapsed:.1f}s -> {show_path(out_nb)}, {show_path(out_html)}")
    if args.inplace:
        nbformat.write(nb, src)
        msg(f"[{name}] wrote executed outputs back into {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
