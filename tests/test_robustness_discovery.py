"""Messy folders: every path the walk meets gets exactly one manifest row, nothing blocks or loops.

Each test builds its folder in tmp_path: FIFOs, sockets, links to devices, hidden and unreadable
folders, symbolic-link loops, links out of the corpus, paths longer than the system allows, file
names in NFD or not UTF-8, and an output folder saved inside the corpus.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import unicodedata
from pathlib import Path

import pytest

import claimscope as cs
from claimscope.parse.ingest import discover

TEXT = "Acupunctuur helpt volgens de kliniek bij chronische rugpijn en nekpijn.\n"


def _load(path, timeout: float = 60.0, **kwargs) -> cs.Corpus:
    """load_corpus in a thread: a FIFO that were opened would block it, and the test fails."""
    result: dict = {}

    def run() -> None:
        try:
            result["corpus"] = cs.load_corpus(path, claims=False, concepts=False, **kwargs)
        except BaseException as err:  # noqa: BLE001 - re-raised below
            result["error"] = err

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "the load blocked (a FIFO or device was opened?)"
    if "error" in result:
        raise result["error"]
    return result["corpus"]


def _rows(corpus: cs.Corpus) -> dict[str, tuple[str, str]]:
    manifest = corpus.manifest
    assert manifest.path.is_unique, manifest.path[manifest.path.duplicated()].tolist()
    return {r.path: (r.status, r.reason) for r in manifest.itertuples()}


def test_fifo_socket_and_device_links_are_skipped_without_being_opened(tmp_path):
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "null.md").symlink_to("/dev/null")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock.txt"))
        rows = _rows(_load(tmp_path))
    finally:
        server.close()
    assert rows["pipe.txt"] == ("skipped", "not a regular file (a FIFO)")
    assert rows["pipe.html"] == ("skipped", "not a regular file (a FIFO)")
    assert rows["zero.txt"][0] == "skipped"
    assert rows["zero.txt"][1].startswith("not a regular file (a character device)")
    assert rows["null.md"][1].startswith("not a regular file (a character device)")
    assert rows["sock.txt"] == ("skipped", "not a regular file (a socket)")
    assert rows["page.txt"][0] == "ok"


def test_open_corpus_never_opens_a_fifo_either(tmp_path):
    corpus_dir, processed = tmp_path / "pages", tmp_path / "processed"
    corpus_dir.mkdir()
    (corpus_dir / "page.txt").write_text(TEXT, encoding="utf-8")
    cs.load_corpus(corpus_dir, claims=False, concepts=False).save(processed)
    os.mkfifo(corpus_dir / "pipe.txt")
    result: dict = {}
    thread = threading.Thread(target=lambda: result.update(
        corpus=cs.open_corpus(corpus_dir, processed, claims=False, concepts=False)), daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "open_corpus blocked on the FIFO"
    assert _rows(result["corpus"])["pipe.txt"][0] == "skipped"


def test_hidden_folders_and_output_folders_get_one_row_and_are_not_searched(tmp_path):
    (tmp_path / "page.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref: refs/heads/main\n")
    (tmp_path / "sub" / ".cache").mkdir(parents=True)
    (tmp_path / "sub" / ".cache" / "x.md").write_text(TEXT)
    (tmp_path / ".hidden.txt").write_text(TEXT)
    first = _load(tmp_path)
    first.save(tmp_path / "out")  # an output folder inside the corpus
    rows = _rows(_load(tmp_path))
    assert rows[".git"] == ("skipped", "hidden folder (not searched)")
    assert rows["sub/.cache"] == ("skipped", "hidden folder (not searched)")
    assert rows[".hidden.txt"] == ("skipped", "hidden file")
    assert rows["out"] == ("skipped", "a claimscope output folder (holds corpus.json; not "
                                      "searched)")
    assert not any(p.startswith(("out/", ".git/", "sub/.cache/")) for p in rows)
    assert [p for p, (s, _) in rows.items() if s == "ok"] == ["page.txt"]


def test_unreadable_folder_is_a_failed_row(tmp_path, monkeypatch):
    """Root reads everything, so the permission error of os.scandir is simulated."""
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(TEXT)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(TEXT)
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rows = _rows(_load(tmp_path))
    assert rows["locked"] == ("failed", "unreadable folder: permission denied")
    assert rows["open/a.txt"][0] == "ok" and "locked/b.txt" not in rows


def test_unreadable_folder_for_real(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading a folder "
                    "(the simulated test above covers this case)")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(TEXT)
    (tmp_path / "a.txt").write_text(TEXT)
    locked.chmod(0)
    try:
        rows = _rows(_load(tmp_path))
    finally:
        locked.chmod(0o755)
    assert rows["locked"] == ("failed", "unreadable folder: permission denied")


def test_symbolic_link_loops_are_followed_once(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.txt").write_text(TEXT)
    (tmp_path / "a" / "b" / "up").symlink_to("../..")  # back to the corpus root
    (tmp_path / "a" / "self").symlink_to(".")
    (tmp_path / "twin").symlink_to("a")  # a second name for a searched folder
    rows = _rows(_load(tmp_path))
    assert rows["a/b/page.txt"][0] == "ok"
    for link in ("a/b/up", "a/self", "twin"):
        status, reason = rows[link]
        assert status == "skipped" and "symbolic link to a folder that is searched already" \
            in reason
    assert len(rows) == 4


def test_links_out_of_the_corpus_are_read_and_say_so(tmp_path):
    outside, corpus_dir = tmp_path / "elsewhere", tmp_path / "corpus"
    (outside / "deep").mkdir(parents=True)
    (outside / "far.txt").write_text("Prolotherapie helpt volgens de kliniek bij nekpijn.\n")
    (outside / "deep" / "inner.md").write_text("Neuraaltherapie helpt volgens de kliniek.\n")
    corpus_dir.mkdir()
    (corpus_dir / "near.txt").write_text(TEXT)
    (corpus_dir / "far.txt").symlink_to(outside / "far.txt")
    (corpus_dir / "linked").symlink_to(outside / "deep")
    (corpus_dir / "dangling.txt").symlink_to(outside / "gone.txt")
    rows = _rows(_load(corpus_dir))
    assert rows["far.txt"][0] == "ok"
    assert "via a symbolic link to" in rows["far.txt"][1]
    assert "outside the corpus folder" in rows["far.txt"][1]
    assert rows["linked/inner.md"][0] == "ok"
    assert "outside the corpus folder" in rows["linked/inner.md"][1]
    assert rows["near.txt"] == ("ok", "")
    assert rows["dangling.txt"][0] == "failed" and "broken symbolic link" in \
        rows["dangling.txt"][1]


def _deep_folder(root: Path, min_length: int) -> str:
    """Nested folders whose full path is longer than the system allows, made relative to an
    open folder (dir_fd), as tools that write such trees do."""
    name = "d" * 200
    fd = os.open(root, os.O_RDONLY)
    relative = ""
    try:
        while len(str(root)) + len(relative) < min_length:
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
            relative += name + "/"
        leaf = os.open("page.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(leaf, TEXT.encode())
        os.close(leaf)
    finally:
        os.close(fd)
    return relative


def test_a_path_longer_than_the_system_allows_is_a_failed_row(tmp_path):
    limit = os.pathconf(tmp_path, "PC_PATH_MAX")
    (tmp_path / "ok.txt").write_text(TEXT)
    _deep_folder(tmp_path, limit + 300)
    rows = _rows(_load(tmp_path))
    failed = {p: r for p, (s, r) in rows.items() if s == "failed"}
    assert len(failed) == 1, failed
    (path, reason), = failed.items()
    assert reason == "unreadable folder: file name too long", reason
    assert len(str(tmp_path / path)) >= limit - 200
    assert rows["ok.txt"][0] == "ok"


def test_nfd_and_undecodable_file_names(tmp_path):
    nfd = unicodedata.normalize("NFD", "patiënt.txt")
    (tmp_path / nfd).write_text(TEXT)
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as handle:
        handle.write(b"Prolotherapie helpt volgens de kliniek bij nekpijn.\n")
    corpus = _load(tmp_path)
    rows = _rows(corpus)
    by_path = corpus.manifest.set_index("path")
    assert by_path.doc_id[nfd] == "patiënt" and unicodedata.is_normalized("NFC", "patiënt")
    assert "doc_id uses the NFC form of the file name" in rows[nfd][1]
    assert rows["caf\\xe9.txt"] == ("ok", "file name is not valid UTF-8 (shown with \\x escapes)")
    back = cs.Corpus.load(corpus.save(tmp_path.parent / f"{tmp_path.name}_out"))
    assert sorted(back.manifest.path) == sorted(corpus.manifest.path)


def test_two_names_that_are_equal_in_nfc_keep_two_doc_ids(tmp_path):
    (tmp_path / unicodedata.normalize("NFD", "één.txt")).write_text(TEXT)
    (tmp_path / "één.txt").write_text("Prolotherapie helpt volgens de kliniek bij nekpijn.\n")
    corpus = _load(tmp_path)
    assert corpus.manifest.doc_id.is_unique and len(corpus.documents) == 2


def test_discover_of_a_mixed_tree_has_one_row_per_path(tmp_path):
    """Every entry of the tree is a row, or lies under a folder that is a row."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".h").mkdir()
    (tmp_path / "a" / "x.txt").write_text(TEXT)
    (tmp_path / "a" / "b" / "y.pdf").write_bytes(b"%PDF-1.7\n\x00\x01")
    (tmp_path / "a" / "b" / "loop").symlink_to("..")
    os.mkfifo(tmp_path / "a" / "fifo")
    (tmp_path / "empty.md").write_text("")
    records = discover(tmp_path)
    paths = [r.path for r in records]
    assert paths == sorted(set(paths))
    assert set(paths) == {".h", "a/x.txt", "a/b/y.pdf", "a/b/loop", "a/fifo", "empty.md"}
    assert {r.path for r in records if r.status == "pending"} == {"a/x.txt", "empty.md"}
    assert all(r.absolute == "" for r in records if r.path in (".h", "a/fifo"))
