"""Render an HTML file in headless Chromium (Debian's package): the DOM after rendering and a PNG screenshot."""

import os
import shutil
import struct
import subprocess
import tempfile
import zlib

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(args, timeout=90):
    profile = tempfile.mkdtemp(prefix="mailops-chromium-")
    try:
        return subprocess.run([chromium()] + FLAGS + ["--user-data-dir=%s" % profile] + args, capture_output=True, timeout=timeout, check=False)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def dump_dom(path):
    result = _run(["--dump-dom", "file://%s" % os.path.abspath(path)])
    if result.returncode != 0:
        raise RuntimeError("chromium --dump-dom failed: %s" % result.stderr.decode(errors="replace")[-2000:])
    return result.stdout.decode()


def screenshot(path, png, width=1280, height=1600):
    result = _run(["--window-size=%d,%d" % (width, height), "--screenshot=%s" % os.path.abspath(png), "file://%s" % os.path.abspath(path)])
    if result.returncode != 0 or not os.path.exists(png):
        raise RuntimeError("chromium --screenshot failed: %s" % result.stderr.decode(errors="replace")[-2000:])
    return png


def png_pixels(png):
    """(width, height, rows of RGB tuples) of an 8-bit RGB/RGBA, non-interlaced PNG."""
    with open(png, "rb") as handle:
        data = handle.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks, header = 8, [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, color, _c, _f, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, "unsupported PNG layout %s" % (header,)
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous, pos = [], bytearray(stride), 0
    for _row in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1 : pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - up_left
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - up_left)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
        rows.append([tuple(line[i : i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows
