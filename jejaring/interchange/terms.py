"""Finding the category, tie type, field or hamlet a file names, or planning a new one.

Files name these terms by code ("credit"), by label in either language ("Kredit (peminjam →
pemberi pinjaman)", "Credit (borrower → lender)") or by a common Indonesian word ("utang").
A term the village does not know yet is added to the village's own list when the import is
confirmed (the vocabularies are open by design), and the preview says so.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext

from jejaring.actors.models import Category, Field, TieType
from jejaring.actors.vocabulary import available
from jejaring.graph.columns import VALUE_ALIASES, normalise_header
from jejaring.villages.models import Hamlet, Village

MODELS = {"category": Category, "type": TieType, "field": Field}


def term_key(text: str) -> str:
    return normalise_header(text)


@dataclass
class NewTerm:
    """A term to create: ``id`` is chosen now so rows can point at it before it exists."""

    id: uuid.UUID
    code: str
    name: str
    row: int
    label: str
    extra: dict = field(default_factory=dict)


class TermIndex:
    """The terms of one vocabulary available to a village, looked up by any spelling."""

    def __init__(self, village: Village, kind: str) -> None:
        self.village = village
        self.kind = kind
        self.model = MODELS[kind]
        self.by_key: dict[str, uuid.UUID] = {}
        self.terms: dict[uuid.UUID, object] = {}
        self.codes: set[str] = set()
        self.new: dict[str, NewTerm] = {}
        terms = list(available(self.model, village))
        # Built-in terms first, so that a village's own term wins a clash of spellings.
        terms.sort(key=lambda t: t.village_id is not None)
        for t in terms:
            self.terms[t.pk] = t
            self.codes.add(t.code)
            keys = {t.code, term_key(t.name), term_key(t.name_id)} - {""}
            if t.village_id is None:
                for language in ("id", "en"):
                    with translation.override(language):
                        keys.add(term_key(gettext(t.name)))
            for k in keys:
                self.by_key[k] = t.pk
        by_code = {t.code: t.pk for t in terms}
        for alias, code in VALUE_ALIASES.get(kind, {}).items():
            if code in by_code:
                self.by_key.setdefault(term_key(alias), by_code[code])

    def find(self, text: str) -> uuid.UUID | None:
        key = term_key(text)
        if key in self.by_key:
            return self.by_key[key]
        if key in self.new:
            return self.new[key].id
        return None

    def resolve(self, text: str, row: int, label: str, **extra) -> uuid.UUID:
        """The id of the term ``text`` names, planning a new village term when unknown."""
        found = self.find(text)
        if found is not None:
            return found
        key = term_key(text)
        code = self._free_code(text)
        term = NewTerm(uuid.uuid4(), code, text.strip()[:150], row, label, extra)
        self.new[key] = term
        return term.id

    def _free_code(self, text: str) -> str:
        base = (slugify(text) or "term")[:55]
        code, n = base, 2
        taken = self.codes | {t.code for t in self.new.values()}
        while code in taken:
            code, n = f"{base}-{n}", n + 1
        return code

    def create_new(self) -> list:
        """Create the planned terms (inside the import's transaction)."""
        objs = []
        for t in self.new.values():
            kwargs = {"id": t.id, "village": self.village, "code": t.code, "name": t.name}
            kwargs["name_id"] = t.name
            if self.model is TieType:
                kwargs["directed"] = t.extra.get("directed", True)
                kwargs["phrase"] = t.extra.get("phrase", "")
            objs.append(self.model(**kwargs))
        self.model.objects.bulk_create(objs)
        return objs


class HamletIndex:
    """The village's hamlets by name (any case, any spacing); unknown names become new ones."""

    def __init__(self, village: Village) -> None:
        self.village = village
        self.by_key = {term_key(h.name): h.pk for h in Hamlet.objects.filter(village=village)}
        self.new: dict[str, NewTerm] = {}

    def resolve(self, text: str, row: int, label: str) -> uuid.UUID:
        key = term_key(text)
        if key in self.by_key:
            return self.by_key[key]
        if key not in self.new:
            self.new[key] = NewTerm(uuid.uuid4(), "", text.strip()[:120], row, label)
        return self.new[key].id

    def create_new(self) -> list[Hamlet]:
        objs = [Hamlet(id=t.id, village=self.village, name=t.name) for t in self.new.values()]
        Hamlet.objects.bulk_create(objs)
        return objs
