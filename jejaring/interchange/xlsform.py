"""An XLSForm (KoboToolbox, ODK Collect) for interviewing a household or actor about whom
they depend on, in Indonesian and English.

For each dependency tie type of the village the form asks a *name generator* ("Dari siapa
Anda meminjam uang?") and, for every person named, the questions of the field technique: the
form of the dependency, how often, how binding, whether the respondent could switch to someone
else, who sets the terms and what the respondent gives back. People already known are picked
from the village's list (``select_one_from_file`` with a CSV written beside the form); a new
name is typed in. The import (:mod:`jejaring.interchange.submissions`) reads the question
names defined here, so the two stay in step.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from jejaring import vocab
from jejaring.actors.models import Actor, TieType
from jejaring.actors.vocabulary import available
from jejaring.interchange.cells import csv_text, xlsx_row
from jejaring.villages.models import Village

NEW_PERSON = "_new"
LANGUAGES = (("Indonesian (id)", "id"), ("English (en)", "en"))
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9._\-]+$")

#: Name generators of the built-in dependency tie types: (gate question, generator), each in
#: Indonesian and English. The generator is asked for every person named.
GENERATORS: dict[str, dict[str, tuple[str, str]]] = {
    "credit": {
        "id": ("Apakah Anda meminjam uang dari seseorang?", "Dari siapa Anda meminjam uang?"),
        "en": ("Do you borrow money from someone?", "From whom do you borrow money?"),
    },
    "land": {
        "id": (
            "Apakah Anda menggarap atau menyewa tanah orang lain?",
            "Tanah siapa yang Anda garap atau sewa?",
        ),
        "en": ("Do you work or rent someone else's land?", "Whose land do you work or rent?"),
    },
    "supply": {
        "id": (
            "Apakah Anda mendapat sarana produksi pertanian (pupuk, benih) dari seseorang "
            "secara langganan atau utang?",
            "Dari siapa Anda mendapat pupuk, benih atau sarana produksi lain?",
        ),
        "en": (
            "Do you get farm inputs (fertiliser, seed) from someone regularly or on credit?",
            "From whom do you get fertiliser, seed or other inputs?",
        ),
    },
    "goods_credit": {
        "id": (
            "Apakah Anda mengambil barang dagangan dengan utang (bayar belakangan) dari pemasok?",
            "Dari siapa Anda mengambil barang dagangan dengan utang?",
        ),
        "en": (
            "Do you take goods for your shop on credit (pay later) from a supplier?",
            "From whom do you take goods on credit?",
        ),
    },
    "purchase": {
        "id": (
            "Apakah Anda menjual hasil panen kepada orang tertentu?",
            "Kepada siapa Anda menjual hasil panen?",
        ),
        "en": (
            "Do you sell your harvest to particular people?",
            "To whom do you sell your harvest?",
        ),
    },
    "product_order": {
        "id": (
            "Apakah Anda mengerjakan pesanan (kerajinan atau barang buatan) untuk orang tertentu, "
            "dibayar per buah atau dengan uang muka?",
            "Untuk siapa Anda mengerjakan pesanan?",
        ),
        "en": (
            "Do you make products (crafts or goods) to order for particular people, paid by the "
            "piece or with an advance?",
            "For whom do you make products to order?",
        ),
    },
    "raw_material": {
        "id": (
            "Apakah Anda mendapat bahan baku dari orang tertentu?",
            "Dari siapa Anda mendapat bahan baku?",
        ),
        "en": (
            "Do you get raw material from particular people?",
            "From whom do you get raw material?",
        ),
    },
    "employment": {
        "id": (
            "Apakah Anda bekerja (sebagai buruh atau pekerja) untuk orang lain?",
            "Untuk siapa Anda bekerja?",
        ),
        "en": ("Do you work (as a labourer or worker) for someone?", "For whom do you work?"),
    },
    "protection": {
        "id": (
            "Apakah ada orang yang Anda mintai perlindungan atau bantuan saat ada masalah?",
            "Kepada siapa Anda meminta perlindungan atau bantuan?",
        ),
        "en": (
            "Is there someone you turn to for protection or help when there is trouble?",
            "To whom do you turn for protection or help?",
        ),
    },
}

#: The questions asked about each person named, with their choice list (None: free text).
FOLLOW_UP = (
    (
        "who_new",
        None,
        ("Nama orang itu (jika tidak ada di daftar)", "The person's name (if not in the list)"),
    ),
    (
        "form",
        "form",
        (
            "Apa bentuk ketergantungan Anda kepadanya?",
            "What form does your dependency on this person take?",
        ),
    ),
    ("freq", "frequency", ("Seberapa sering?", "How often?")),
    ("attach", "attachment", ("Seberapa mengikat hubungan ini?", "How binding is this tie?")),
    (
        "switch",
        "yes_no",
        ("Bisakah Anda beralih ke orang lain?", "Could you switch to someone else?"),
    ),
    ("terms", "terms_set_by", ("Siapa yang menentukan syarat-syaratnya?", "Who sets the terms?")),
    ("back", None, ("Apa yang Anda berikan sebagai balasan?", "What do you give back?")),
    ("amount", "decimal", ("Berapa jumlahnya (Rp), jika ada?", "How much (Rp), if any?")),
)


@dataclass(frozen=True)
class TypeQuestions:
    """The name generator of one tie type; ``short`` prefixes its question names."""

    code: str
    short: str
    gate: tuple[str, str]
    generator: tuple[str, str]
    default_form: str

    @property
    def gate_name(self) -> str:
        return f"has_{self.short}"

    @property
    def repeat(self) -> str:
        return f"r_{self.short}"

    def q(self, suffix: str) -> str:
        return f"{self.short}_{suffix}"


def short_name(code: str) -> str:
    """A tie type code as a question-name prefix (letters, digits, ``_``; 20 at most)."""
    return (re.sub(r"[^a-z0-9_]", "_", code.lower()) or "t")[:20]


def type_questions(village: Village) -> list[TypeQuestions]:
    """One name generator per dependency tie type available to the village."""
    out = []
    used: set[str] = set()
    for t in available(TieType, village).filter(is_dependency=True).order_by("order", "code"):
        short = short_name(t.code)
        while short in used:
            short = short[:18] + f"{len(used):02d}"
        used.add(short)
        if t.code in GENERATORS and t.village_id is None:
            g = GENERATORS[t.code]
            gate, generator = (g["id"][0], g["en"][0]), (g["id"][1], g["en"][1])
        else:
            name_id = t.name_id or t.name
            gate = (
                f"Apakah Anda punya hubungan '{name_id}' dengan seseorang?",
                f"Do you have a '{t.name}' tie with someone?",
            )
            generator = (f"Dengan siapa ({name_id})?", f"With whom ({t.name})?")
        out.append(TypeQuestions(t.code, short, gate, generator, t.default_form))
    return out


def actor_value(actor: Actor) -> str:
    """The value an actor has in the form's list: its id when safe in XForms, else its UUID."""
    return (
        actor.code
        if _SAFE_VALUE.match(actor.code) and actor.code != NEW_PERSON
        else (f"id-{actor.pk.hex}")
    )


def choices_file_name(village: Village) -> str:
    return f"actors_{short_name(village.slug)}.csv"


def form_id(village: Village) -> str:
    return f"jejaring_{short_name(village.slug)}"


def _labels(pair: tuple[str, str]) -> list[str]:
    return list(pair)


def _vocab_labels(terms) -> list[tuple[str, str, str]]:
    out = []
    for t in terms:
        with translation.override("id"):
            label_id = gettext(t.label)
        with translation.override("en"):
            label_en = gettext(t.label)
        out.append((t.code, label_id, label_en))
    return out


def build(village: Village, *, now: dt.datetime | None = None) -> tuple[bytes, str, bytes]:
    """``(form .xlsx, name of the choices CSV, choices CSV)`` for ``village``."""
    from openpyxl import Workbook

    now = now or dt.datetime.now()
    csv_name = choices_file_name(village)
    label_cols = [f"label::{lang}" for lang, _ in LANGUAGES]
    survey_head = ["type", "name", *label_cols, "required", "relevant", "default", "appearance"]
    survey: list[list] = []

    def row(type_, name, labels=("", ""), required="", relevant="", default="", appearance=""):
        survey.append([type_, name, *labels, required, relevant, default, appearance])

    row("start", "start")
    row("end", "end")
    row("today", "today")
    row("deviceid", "deviceid")
    row("text", "interviewer", ("Nama pewawancara", "Interviewer's name"), required="yes")
    row("text", "place", ("Tempat wawancara", "Place of the interview"))
    row(
        f"select_one_from_file {csv_name}",
        "respondent",
        ("Siapa responden?", "Who is the respondent?"),
        required="yes",
        appearance="autocomplete",
    )
    new = f"${{respondent}} = '{NEW_PERSON}'"
    row("text", "respondent_new", ("Nama responden", "Respondent's name"), "yes", new)
    row("text", "respondent_hamlet", ("Dusun responden", "Respondent's hamlet"), "", new)
    row(
        "select_one gender",
        "respondent_gender",
        ("Jenis kelamin responden", "Respondent's gender"),
        "",
        new,
    )
    row(
        "select_one yes_no",
        "consent",
        (
            "Apakah responden bersedia diwawancarai dan jawabannya dicatat?",
            "Does the respondent agree to the interview and to the answers being recorded?",
        ),
        required="yes",
    )
    agreed = "${consent} = 'yes'"
    for tq in type_questions(village):
        row("select_one yes_no", tq.gate_name, tq.gate, "yes", agreed)
        survey.append(
            ["begin_repeat", tq.repeat, *tq.generator, "", f"${{{tq.gate_name}}} = 'yes'", "", ""]
        )
        row(
            f"select_one_from_file {csv_name}",
            tq.q("who"),
            tq.generator,
            "yes",
            appearance="autocomplete",
        )
        for suffix, kind, labels in FOLLOW_UP:
            if suffix == "amount" and tq.code != "credit":
                continue
            relevant = f"${{{tq.q('who')}}} = '{NEW_PERSON}'" if suffix == "who_new" else ""
            required = "yes" if suffix == "who_new" else ""
            if kind is None:
                qtype = "text"
            elif kind == "decimal":
                qtype = "decimal"
            else:
                qtype = f"select_one {kind}"
            default = tq.default_form if suffix == "form" else ""
            row(qtype, tq.q(suffix), labels, required, relevant, default)
        survey.append(["end_repeat", tq.repeat, "", "", "", "", "", ""])
    row("text", "notes", ("Catatan pewawancara", "Interviewer's notes"), appearance="multiline")

    choices_head = ["list_name", "name", *label_cols]
    choices = [["yes_no", "yes", "Ya", "Yes"], ["yes_no", "no", "Tidak", "No"]]
    for list_name, terms in (
        ("gender", vocab.GENDERS),
        ("form", vocab.DEPENDENCY_FORMS),
        ("frequency", vocab.FREQUENCIES),
        ("attachment", vocab.ATTACHMENTS),
        ("terms_set_by", vocab.TERMS_SET_BY),
    ):
        for code, label_id, label_en in _vocab_labels(terms):
            choices.append([list_name, code, label_id, label_en])

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(survey_head)
    for r in survey:
        ws.append(xlsx_row(ws, r))
    ws = wb.create_sheet("choices")
    ws.append(choices_head)
    for r in choices:
        ws.append(xlsx_row(ws, r))
    ws = wb.create_sheet("settings")
    ws.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    ws.append(
        xlsx_row(
            ws,
            [
                f"Jejaring: {village.name}",
                form_id(village),
                now.strftime("%Y%m%d%H%M"),
                LANGUAGES[0][0],
                "concat(${interviewer}, ' - ', ${respondent}, ${respondent_new})",
            ],
        )
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), csv_name, choices_csv(village)


def choices_csv(village: Village) -> bytes:
    """The village's actors as the form's pick list (``name,label``), new person first."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "label"])
    writer.writerow([NEW_PERSON, "— Orang baru / New person —"])
    actors = Actor.objects.filter(village=village).select_related("hamlet").order_by("name")
    for a in actors:
        details = ", ".join(x for x in (a.position, a.hamlet.name if a.hamlet_id else "") if x)
        label = f"{a.name} ({details})" if details else a.name
        # The label is shown to the interviewer and may be opened in a spreadsheet: guarded.
        # The name is the value submissions carry back, so it stays exactly as looked up.
        writer.writerow([actor_value(a), csv_text(label)])
    return out.getvalue().encode("utf-8")
