"""The glossary on a real SQLite file: import, merge, conflicts, export, edit, idempotence, bad input."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import run_cli

from upscnotes.errors import InvalidArgument, TermNotFound
from upscnotes.glossary.aliases import generate_aliases, strip_office
from upscnotes.glossary.store import Glossary
from upscnotes.model import GsTag
from upscnotes.notes.parse import read_note


def test_import_both_seeds_twice_gives_13_terms(tmp_path, seed000, seed001):
    db = str(tmp_path / "g.db")
    for _ in range(2):
        proc = run_cli("glossary", "import", str(seed000), str(seed001), "--db", db, "--no-starter")
        assert proc.returncode == 0, proc.stderr
    proc = run_cli("glossary", "export", "--format", "json", "--db", db)
    terms = json.loads(proc.stdout)["terms"]
    assert len(terms) == 13
    by_abbr = {t["abbreviation"]: t for t in terms if t["abbreviation"]}
    assert set(by_abbr) == {"MoU", "KIND\u2011X"}
    assert all(len(by_abbr[a]["definitions"]) == 2 for a in by_abbr)
    assert all({"head", "abbreviation", "aliases", "canonical", "definitions"} <= set(t) for t in terms)
    assert all({"text", "gs_tags", "source"} <= set(d) for t in terms for d in t["definitions"])
    conflicts = run_cli("glossary", "conflicts", "--db", db, "--json")
    assert conflicts.returncode == 1
    listed = {t["head"]: t for t in json.loads(conflicts.stdout)}
    assert set(listed) == {"Memorandum of Understanding", "India\u2011Korea Defence Innovation Accelerator Ecosystem"}
    mou_tags = [[g["tag"] for g in d["gs_tags"]] for d in listed["Memorandum of Understanding"]["definitions"]]
    assert mou_tags == [["GS2: Polity"], ["GS2: Polity", "GS3: International Relations"]]
    # The invalid tag is kept as written and flagged, and the canonical definition is the one with valid tags.
    flagged = listed["Memorandum of Understanding"]["definitions"][1]["gs_tags"][1]
    assert flagged["valid"] is False and flagged["suggested_paper"] == "GS2"
    assert listed["Memorandum of Understanding"]["canonical"].startswith("Formal agreement")


def test_hundred_imports_of_one_file_change_nothing(tmp_path, seed000):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    note = read_note(str(seed000))
    g.import_note(note)
    before = g.export_json()
    for _ in range(100):
        stats = g.import_note(note)
        assert (stats.terms_added, stats.definitions_added) == (0, 0)
    assert g.export_json() == before
    assert g.conn.execute("SELECT COUNT(*) FROM definitions").fetchone()[0] == 10


def test_starter_glossary(tmp_path):
    g = Glossary.open(str(tmp_path / "s.db"))
    # Exactly one term per distinct head in the shipped starter files: a file or a term that fails to load shows.
    import json
    from importlib import resources

    from upscnotes.text import norm_key

    heads = {norm_key(t["head"]) for p in resources.files("upscnotes.glossary").iterdir()
             if p.name.startswith("starter") and p.name.endswith(".json") for t in json.loads(p.read_text(encoding="utf-8"))["terms"]}
    assert len(heads) >= 3000 and g.count() == len(heads)
    terms = list(g.terms())
    assert all(t.canonical and t.canonical.gs_tags and all(x.valid for x in t.canonical.gs_tags) for t in terms), \
        [t.head for t in terms if not (t.canonical and t.canonical.gs_tags and all(x.valid for x in t.canonical.gs_tags))]
    assert not g.conflicts()
    assert g.find("MoU").head == "Memorandum of Understanding"


def test_a_database_killed_before_its_first_fill_gets_the_starter_glossary_later(tmp_path):
    """A build killed after the schema was written but before the starter glossary was loaded: the next open loads it
    (the CI kill test once caught notes built on an empty glossary). A database made without it stays without."""
    from upscnotes.store import Store

    Store(tmp_path / "killed.db").conn.close()  # the state a SIGKILL between the two steps leaves
    g = Glossary.open(str(tmp_path / "killed.db"))
    assert g.count() >= 3000
    g.store.conn.close()
    Glossary.open(str(tmp_path / "bare.db"), starter=False).store.conn.close()
    assert Glossary.open(str(tmp_path / "bare.db")).count() == 0


def test_export_reimport_round_trip(tmp_path, seed000, seed001):
    a = Glossary.open(str(tmp_path / "a.db"), starter=False)
    a.import_note(read_note(str(seed000)))
    a.import_note(read_note(str(seed001)))
    for fmt in ("json", "csv"):
        out = tmp_path / f"export.{fmt}"
        out.write_text(json.dumps(a.export_json()) if fmt == "json" else a.export_csv(), encoding="utf-8")
        db = str(tmp_path / f"b-{fmt}.db")
        for _ in range(2):
            assert run_cli("glossary", "import", str(out), "--db", db, "--no-starter").returncode == 0
        b = Glossary.open(db, starter=False)
        assert b.count() == 13
        assert [(t.head, len(t.definitions)) for t in b.terms()] == [(t.head, len(t.definitions)) for t in a.terms()]


def test_edit_merge_and_alias_override(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    g.add_term("Directed energy weapon system", None, "Weapon using focused energy", [GsTag("GS3", "Science and Technology")])
    g.add_term("DEW", None, "Laser weapon", [GsTag("GS3", "Security")])
    merged = g.merge("Directed energy weapon system", "DEW")
    assert len(merged.definitions) == 2 and g.find("DEW").id == merged.id
    with pytest.raises(TermNotFound):
        g.find("Nonexistent thing")
    t = g.edit("DEW", remove_aliases=["Directed energy weapon systems"])
    assert ("Directed energy weapon systems", "plural", False) in t.aliases
    # A later import does not bring a disabled rule alias back.
    g.add_term("Directed energy weapon system", None, "Weapon using focused energy", [GsTag("GS3", "Science and Technology")])
    assert ("Directed energy weapon systems", "plural", False) in g.find("DEW").aliases
    t = g.edit("DEW", definition="A weapon that damages targets with focused energy (GS3: Science and Technology)")
    assert t.canonical.text.startswith("A weapon that damages")
    t = g.edit("DEW", canonical=1)
    assert t.canonical.text == "Weapon using focused energy"
    with pytest.raises(InvalidArgument):
        g.edit("DEW", canonical=9)


def test_bad_terms(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"), starter=False)
    for head in ["a.b*c+", "(?:x)|[y]", "\\d+$", "C++"]:
        g.add_term(head, None, "odd characters", [])
    assert g.count() == 4
    with pytest.raises(InvalidArgument):
        g.add_term("Long", None, "x" * 10_000, [])
    with pytest.raises(InvalidArgument):
        g.add_term("  ", None, "empty head", [])
    g.add_term("Empty definition", None, "", [])
    assert g.find("Empty definition").definitions == []
    g.add_term("India", None, "country", [])
    g.add_term("Indian Ocean", None, "ocean", [])
    assert g.count() == 7


def test_failed_import_leaves_database_untouched(tmp_path):
    db = tmp_path / "g.db"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"terms": [{"head": "Good", "definitions": [{"text": "fine"}]}, {"definitions": []}]}), encoding="utf-8")
    proc = run_cli("glossary", "import", str(bad), "--db", str(db), "--no-starter")
    assert proc.returncode == 2 and "term 2 has no head" in proc.stderr and "Traceback" not in proc.stderr
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM terms").fetchone()[0] == 0


def test_cli_errors_are_one_line(tmp_path):
    db = str(tmp_path / "g.db")
    proc = run_cli("glossary", "show", "Nothing", "--db", db)
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0 and "no glossary term" in proc.stderr
    notdb = tmp_path / "not.db"
    notdb.write_text("hello, not sqlite", encoding="utf-8")
    proc = run_cli("glossary", "list", "--db", str(notdb))
    assert proc.returncode == 2 and "not a usable upscnotes database" in proc.stderr


def test_alias_rules_are_visible():
    rules = {(a.text, a.rule) for a in generate_aliases("Memorandum of Understanding", "MoU")}
    assert ("MoU", "abbreviation") in rules and ("MoUs", "plural") in rules
    assert ("Memoranda of Understanding", "plural") in rules  # the Latin plural the press uses
    rules = {(a.text, a.rule) for a in generate_aliases("Indo\u2011Pacific")}
    assert ("Indo Pacific", "hyphen-space") in rules
    assert {(a.text, a.rule) for a in generate_aliases("system")} >= {("systems", "plural")}
    assert strip_office("Union Defence Minister Rajnath Singh") == "Rajnath Singh"
    assert strip_office("Raksha Mantri Shri Rajnath Singh") == "Rajnath Singh"
    assert strip_office("National Defence College") == "National Defence College"
    # National bodies are named without "of India"; one word or a role other bodies share keeps it.
    assert ("Supreme Court", "of-india") in {(a.text, a.rule) for a in generate_aliases("Supreme Court of India")}
    for head in ("Government of India", "Chief Justice of India", "Bank of India", "Central Bank of India"):
        assert not any(a.rule == "of-india" for a in generate_aliases(head)), head


def test_the_starter_glossary_knows_the_supreme_court_by_its_short_name(tmp_path):
    g = Glossary.open(str(tmp_path / "g.db"))
    assert g.find("Supreme Court").head == "Supreme Court of India"
    assert g.find("Reserve Bank").head == "Reserve Bank of India"
    g.close()


def test_env_var_names_the_database(tmp_path, seed000):
    db = tmp_path / "env.db"
    proc = run_cli("glossary", "import", str(seed000), "--no-starter", env={"UPSCNOTES_DB": str(db)}, cwd=tmp_path)
    assert proc.returncode == 0 and db.exists()


def test_keys_stored_by_an_older_normalisation_are_recomputed_once(tmp_path):
    db = str(tmp_path / "g.db")
    g = Glossary.open(db, starter=False)
    g.add_term("Caf\u00e9 diplomacy", None, "Soft power over coffee", [GsTag("GS2", "International Relations")])
    g.add_term("Cafe\u0301 diplomacy", None, "the same, typed with a combining accent", [])  # one term today
    assert g.count() == 1
    g.close()
    # What an older upscnotes stored: the decomposed form as the key, and no key version.
    conn = sqlite3.connect(db)
    conn.execute("UPDATE terms SET head_key = ?", ("cafe\u0301 diplomacy",))
    conn.execute("DELETE FROM meta WHERE key = 'key_version'")
    conn.commit()
    conn.close()
    g = Glossary.open(db, starter=False)
    assert g.find("Caf\u00e9 diplomacy") is not None and g.find("Cafe\u0301 diplomacy") is not None
    assert sqlite3.connect(db).execute("SELECT head_key FROM terms").fetchone()[0] == "caf\u00e9 diplomacy"
    assert g.rekey() == []  # nothing clashes; running it again changes nothing
    assert g.count() == 1


def test_rekey_never_merges_two_terms_silently(tmp_path):
    db = str(tmp_path / "g.db")
    g = Glossary.open(db, starter=False)
    g.add_term("Caf\u00e9 diplomacy", None, "one", [])
    g.add_term("Other", None, "two", [])
    g.conn.execute("UPDATE terms SET head = ?, head_key = ? WHERE head = 'Other'", ("Cafe\u0301 diplomacy", "cafe\u0301 diplomacy"))
    assert g.rekey() == ["Cafe\u0301 diplomacy"]
    assert g.count() == 2
