"""Large CSV files: the Arrow, pandas and standard-library readers give the same network.

Which reader runs depends on the file's size and on pyarrow being installed, so the same file
must give the same actors, ties, texts and error messages through each. Expected values are
the hand-written contents of the files made in each test.
"""

from __future__ import annotations

import numpy as np
import pytest

from jejaring.graph import arrowcsv, tables
from jejaring.graph.errors import InputError
from jejaring.graph.network import Network

pytestmark = pytest.mark.skipif(not arrowcsv.available(), reason="pyarrow is not installed")

READERS = ("stdlib", "pandas", "arrow")

ACTORS = (
    "id,name,hamlet,rt,welfare\n"
    'a1,"Karto, Pak",Krajan,01,poor\n'
    'a2,"Bu ""Sumi""",Krajan,002,very_poor\n'
    'a3,"Haji Ñoño\nof the big house",Ngasem,1e3,well_off\n'
)
TIES = (
    "source,target,type,form,weight\n"
    "a2,a1,credit,credit,2\n"
    "a3,a1,land,,1.50\n"
    ",,,,\n"
    "a2,a3,kinship,,1\n"
)


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.fixture
def use_reader(monkeypatch):
    """Send every file through one reader; record what the Arrow reader returned."""
    answers: list[bool] = []
    real = arrowcsv.read_csv_arrow

    def spy(*args, **kwargs):
        table = real(*args, **kwargs)
        answers.append(table is not None)
        return table

    monkeypatch.setattr(arrowcsv, "read_csv_arrow", spy)

    def choose(reader: str) -> list[bool]:
        monkeypatch.setattr(tables, "PANDAS_FROM_BYTES", 10**12 if reader == "stdlib" else 0)
        monkeypatch.setattr(tables, "USE_ARROW", reader == "arrow")
        answers.clear()
        return answers

    return choose


def _same(x: Network, y: Network) -> None:
    assert x.ids == y.ids
    for name in ("src", "dst", "directed", "dependency", "type", "weight"):
        assert np.array_equal(getattr(x, name), getattr(y, name)), name
    for field in ("attrs", "tie_attrs"):
        a, b = getattr(x, field), getattr(y, field)
        assert a.keys() == b.keys(), field
        for key, col in a.items():
            assert np.array_equal(col, b[key], equal_nan=col.dtype.kind == "f"), key


@pytest.mark.parametrize(("sep", "bom"), [(",", ""), ("\t", "\ufeff"), (";", "")])
def test_three_readers_read_the_same_network(tmp_path, use_reader, sep, bom):
    a = _write(tmp_path, "a.csv", bom + ACTORS.replace(",", sep))
    t = _write(tmp_path, "t.csv", bom + TIES.replace(",", sep))
    nets = {}
    for reader in READERS:
        used = use_reader(reader)
        nets[reader] = Network.read_csv(a, t)
        assert used == ([True, True] if reader == "arrow" else []), reader
    for reader in READERS[1:]:
        _same(nets["stdlib"], nets[reader])
    net = nets["arrow"]
    assert net.attrs["name"].tolist() == [
        f"Karto{sep} Pak",
        'Bu "Sumi"',
        "Haji Ñoño\nof the big house",
    ]
    # Codes that look like numbers stay as written: pandas' categorical parser used to
    # turn them into numbers ("01" into "1", "1e3" into "1000.0").
    assert net.attrs["rt"].tolist() == ["01", "002", "1e3"]
    assert net.m == 3 and net.weight.tolist() == [2.0, 1.5, 1.0]
    assert net.tie_attrs["form"].tolist() == ["credit", "", ""]


@pytest.mark.parametrize("reader", READERS)
def test_unknown_actor_id_names_the_row_in_every_reader(tmp_path, use_reader, reader):
    a = _write(tmp_path, "actors.csv", ACTORS)
    t = _write(tmp_path, "ties.csv", "sumber,tujuan\na1,a2\n,\na1,x9\n")
    used = use_reader(reader)
    with pytest.raises(InputError) as info:
        Network.read_csv(a, t)
    assert (
        str(info.value)
        == "ties.csv, row 4, column 'tujuan': unknown actor id 'x9' (not in actors.csv)"
    )
    if reader == "arrow":
        assert used == [True]  # the actors file; the ties file raised inside the reader


@pytest.mark.parametrize(
    ("ties", "encoding", "message"),
    [
        # A blank line is a spreadsheet row: the unknown id is on row 4.
        ("source,target\na1,a2\n\na1,x9\n", "utf-8", "row 4, column 'target': unknown actor"),
        ("source,target\na1,a2\na1,a3,extra\n", "utf-8", "cannot parse the file"),
        ("source,target,note\na1,a2,café\na1,x9,\n", "cp1252", "row 3, column 'target'"),
    ],
    ids=["blank-line", "ragged-row", "cp1252"],
)
def test_files_arrow_does_not_take_are_read_by_pandas(
    tmp_path, use_reader, ties, encoding, message
):
    a = _write(tmp_path, "actors.csv", ACTORS)
    t = _write(tmp_path, "ties.csv", ties, encoding)
    used = use_reader("arrow")
    with pytest.raises(InputError, match=message):
        Network.read_csv(a, t)
    assert used in ([True, False], [True])  # cp1252 never reaches the Arrow reader


def test_arrow_declines_repeated_headers(tmp_path, use_reader):
    t = _write(tmp_path, "ties.csv", "source,source,target\na1,a1,a2\n")
    use_reader("arrow")
    assert (
        arrowcsv.read_csv_arrow(tmp_path / "ties.csv", "ties", "t", ",", "source,source,target")
        is None
    )
    with pytest.raises(InputError, match="both mean 'source'"):
        Network.read_csv(None, t)
