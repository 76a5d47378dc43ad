"""Interviews collected with the Jejaring field form, into actors, ties and evidence.

Each submission is one interview: a discussion of kind *survey interview* with the respondent
as participant; each person the respondent names under a tie type is a tie respondent →
person (the respondent is the client: "I borrow money from B" is respondent → B), with the
respondent's answers kept as evidence (informant = respondent, discussion = the interview).
A tie already recorded gets the new account as more evidence; only attributes it lacks are
filled in.

Names typed in for people not in the list are matched to the village's actors only when the
name is exactly one actor's name; otherwise a new actor is created and, when the name looks
like someone's, a name review is opened. A submission whose ``_uuid`` (or ODK instance id)
was imported before is skipped, so the same export can be imported again safely.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from jejaring.actors.models import Actor, Discussion, Evidence, Tie, TieType
from jejaring.actors.vocabulary import available
from jejaring.interchange import progress as P
from jejaring.interchange.importing import Summary
from jejaring.interchange.models import ActorAlias, NameReview
from jejaring.interchange.names import NameIndex
from jejaring.interchange.problems import Problems
from jejaring.interchange.records import closed_choices, closed_code, parse_date, rupiah
from jejaring.interchange.tables import cell_text
from jejaring.interchange.xlsform import NEW_PERSON, short_name
from jejaring.villages.models import Hamlet, Village

_SPACES = re.compile(r"[^\w]+", re.UNICODE)


@dataclass
class RepeatRow:
    row: int
    label: str
    index: str
    values: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Submission:
    """One interview as exported: question name → raw value, and its repeat rows."""

    uuid: str
    row: int
    label: str
    values: dict[str, Any]
    headers: dict[str, str]
    submitted: str = ""
    repeats: list[RepeatRow] = field(default_factory=list)


def exact_key(name: str) -> str:
    return _SPACES.sub(" ", name.lower()).strip()


class SubmissionImport:
    """Plan (:meth:`check`) and write (:meth:`apply`) the submissions of one export."""

    def __init__(
        self,
        village: Village,
        submissions: list[Submission],
        problems: Problems,
        *,
        source: str = "",
        user=None,
        progress: P.ProgressFn = P.silent,
    ) -> None:
        self.village = village
        self.submissions = submissions
        self.problems = problems
        self.source = source[:150]
        self.user = user
        self.progress = progress
        self.summary = Summary()
        self.actors: list[Actor] = []
        self.discussions: list[Discussion] = []
        self.participants: list[tuple] = []
        self.ties: list[Tie] = []
        self.new_tie_ids: set[uuid.UUID] = set()
        self.filled: dict[uuid.UUID, Tie] = {}
        self.evidence: list[Evidence] = []
        self.reviews: list[NameReview] = []
        self.consents: dict[uuid.UUID, tuple[str, dt.date]] = {}

    # ------------------------------------------------------------------ lookups

    def _load(self) -> None:
        v = self.village
        actors = list(Actor.objects.filter(village=v).values_list("id", "code", "name"))
        self.by_code = {code: pk for pk, code, _ in actors}
        for code, pk in (
            ActorAlias.objects.filter(actor__village=v)
            .exclude(code="")
            .values_list("code", "actor_id")
        ):
            self.by_code.setdefault(code, pk)
        self.by_hex = {f"id-{pk.hex}": pk for pk, _, _ in actors}
        self.name_of = {pk: name for pk, _, name in actors}
        self.exact: dict[str, list] = {}
        self.index = NameIndex()
        for pk, _, name in actors:
            self.exact.setdefault(exact_key(name), []).append(pk)
            self.index.add(pk, name)
        self.codes = set(self.by_code)
        self.done = set(
            Discussion.objects.filter(village=v)
            .exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        self.types = {}
        for t in available(TieType, v).filter(is_dependency=True):
            self.types.setdefault(short_name(t.code), t)
        self.hamlets = {h.name.lower(): h.pk for h in Hamlet.objects.filter(village=v)}
        self.existing_ties: dict[tuple, Tie] = {}
        for t in Tie.objects.filter(village=v, is_current=True, type__in=self.types.values()):
            self.existing_ties.setdefault((t.source_id, t.target_id, t.type_id), t)

    def _new_actor(self, name: str, **extra) -> uuid.UUID:
        base = "F-" + (slugify(name).upper() or "X")[:60]
        code, n = base, 2
        while code in self.codes:
            code, n = f"{base}-{n}", n + 1
        self.codes.add(code)
        actor = Actor(id=uuid.uuid4(), village=self.village, code=code, name=name[:200], **extra)
        self.actors.append(actor)
        for match in self.index.similar(name):
            self.reviews.append(
                NameReview(
                    village=self.village,
                    actor_id=actor.pk,
                    candidate_id=match.key,
                    score=match.score,
                    reason=match.reason,
                    source=self.source,
                )
            )
            if len(self.summary.name_matches) < 50:
                self.summary.name_matches.append(
                    {
                        "name": name,
                        "code": code,
                        "like": self.name_of.get(match.key, ""),
                        "score": match.score,
                    }
                )
        self.by_code[code] = actor.pk
        self.name_of[actor.pk] = name
        self.exact.setdefault(exact_key(name), []).append(actor.pk)
        self.index.add(actor.pk, name)
        self.summary.actors_created += 1
        return actor.pk

    def _person(self, values: dict, headers: dict, who: str, new: str, where: tuple, **extra):
        """The actor a pick-list answer (or typed name) means; None after a problem."""
        value = cell_text(values.get(who))
        if value and value != NEW_PERSON:
            pk = self.by_code.get(value) or self.by_hex.get(value)
            if pk is None:
                self._bad(
                    where,
                    headers.get(who, who),
                    gettext_noop(
                        "%(value)s is not an actor of this village: the form may be "
                        "older than the village's list; make a new form"
                    ),
                    value=repr(value),
                )
            return pk
        name = cell_text(values.get(new))
        if not name:
            if value == NEW_PERSON:
                self._bad(where, headers.get(new, new), gettext_noop("this cell must not be empty"))
            return None
        same = self.exact.get(exact_key(name), [])
        if len(same) == 1:
            return same[0]
        return self._new_actor(name, **extra)

    def _bad(self, where: tuple, column: str, message: str, **params) -> None:
        self.problems.add(message, file=where[0], row=where[1], column=column, **params)

    # ------------------------------------------------------------------ check

    def check(self) -> Summary:
        self._load()
        total = len(self.submissions)
        seen: set[str] = set()
        for n, sub in enumerate(self.submissions, 1):
            self.progress(P.CHECKING, n - 1, total)
            if sub.uuid in self.done or sub.uuid in seen:
                self.summary.submissions_skipped += 1
                continue
            seen.add(sub.uuid)
            self._submission(sub)
        self.progress(P.CHECKING, total, total)
        self.summary.reviews_created = len(self.reviews)
        return self.summary

    def _date(self, sub: Submission) -> dt.date:
        for name in ("today", "start", "end"):
            raw = sub.values.get(name)
            if raw in (None, ""):
                continue
            try:
                if isinstance(raw, str) and "T" in raw:
                    parsed = parse_datetime(raw)
                    if parsed:
                        return parsed.date()
                return parse_date(raw)
            except (ValueError, OverflowError):
                continue
        parsed = parse_datetime(sub.submitted or "") if sub.submitted else None
        return parsed.date() if parsed else timezone.localdate()

    def _submission(self, sub: Submission) -> None:
        where = (sub.label, sub.row)
        values = sub.values
        date = self._date(sub)
        extra = {"kind": "household"}
        gender = (
            closed_code("gender", cell_text(values.get("respondent_gender")))
            if cell_text(values.get("respondent_gender"))
            else ""
        )
        if gender:
            extra["gender"] = gender
        hamlet = cell_text(values.get("respondent_hamlet")).lower()
        if hamlet in self.hamlets:
            extra["hamlet_id"] = self.hamlets[hamlet]
        respondent = self._person(
            values, sub.headers, "respondent", "respondent_new", where, **extra
        )
        if respondent is None:
            if not cell_text(values.get("respondent")) and not cell_text(
                values.get("respondent_new")
            ):
                self._bad(
                    where,
                    sub.headers.get("respondent", "respondent"),
                    gettext_noop("this cell must not be empty"),
                )
            return
        consent_text = cell_text(values.get("consent"))
        agreed = consent_text.lower() in ("yes", "ya", "1", "true")
        if consent_text:
            self.consents[respondent] = ("given" if agreed else "refused", date)
        interviewer = cell_text(values.get("interviewer"))
        discussion = Discussion(
            id=uuid.uuid4(),
            village=self.village,
            kind=Discussion.Kind.SURVEY,
            date=date,
            place=cell_text(values.get("place"))[:200],
            title=(gettext("Interview with %(name)s") % {"name": self.name_of[respondent]})[:200],
            notes="\n".join(
                x
                for x in (
                    gettext("Interviewer: %(name)s") % {"name": interviewer} if interviewer else "",
                    cell_text(values.get("notes")),
                )
                if x
            ),
            recorded_by=self.user,
            external_id=sub.uuid[:200],
        )
        self.discussions.append(discussion)
        self.participants.append((discussion.pk, respondent))
        self.summary.discussions_created += 1
        if not agreed:
            if sub.repeats:
                self.problems.warn(
                    gettext_noop("the respondent did not agree: the named people are not imported"),
                    file=sub.label,
                    row=sub.row,
                )
            return
        for rep in sub.repeats:
            self._named(sub, rep, respondent, discussion, date)

    def _repeat_type(self, rep: RepeatRow) -> tuple[str, TieType] | None:
        for name in rep.values:
            if name.endswith("_who") and name[:-4] in self.types:
                return name[:-4], self.types[name[:-4]]
        return None

    def _named(self, sub, rep: RepeatRow, respondent, discussion, date) -> None:
        where = (rep.label, rep.row)
        found = self._repeat_type(rep)
        if found is None:
            self._bad(
                where,
                "",
                gettext_noop(
                    "this sheet matches no dependency tie type of the village: the form "
                    "may be for another village"
                ),
            )
            return
        short, tie_type = found
        v, h = rep.values, rep.headers
        person = self._person(v, h, f"{short}_who", f"{short}_who_new", where)
        if person is None:
            return
        if person == respondent:
            self._bad(
                where,
                h.get(f"{short}_who", f"{short}_who"),
                gettext_noop("a tie cannot go from an actor to the same actor"),
            )
            return
        reported = self._reported(v, h, short, where)
        key = (respondent, person, tie_type.pk)
        tie = self.existing_ties.get(key)
        if tie is None:
            tie = Tie(
                id=uuid.uuid4(),
                village=self.village,
                source_id=respondent,
                target_id=person,
                type_id=tie_type.pk,
                directed=tie_type.directed,
                start_date=None,
            )
            self._fill(tie, reported)
            self.ties.append(tie)
            self.new_tie_ids.add(tie.pk)
            self.existing_ties[key] = tie
            self.summary.ties_created += 1
        elif tie.pk not in self.new_tie_ids and self._fill(tie, reported):
            self.filled[tie.pk] = tie
        self.evidence.append(
            Evidence(
                tie_id=tie.pk,
                informant_id=respondent,
                informant_name=self.name_of.get(respondent, ""),
                discussion_id=discussion.pk,
                reported_on=date,
                reported={
                    k: (str(x) if not isinstance(x, str | bool) else x) for k, x in reported.items()
                },
                recorded_by=self.user,
                external_id=f"{sub.uuid}/{rep.label.rsplit(' ', 1)[-1]}[{rep.index}]"[:200],
            )
        )
        self.summary.evidence_created += 1

    def _reported(self, v: dict, h: dict, short: str, where: tuple) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for suffix, vocab_name, name in (
            ("form", "form", "form"),
            ("freq", "frequency", "frequency"),
            ("attach", "attachment", "attachment"),
            ("terms", "terms_set_by", "terms_set_by"),
        ):
            text = cell_text(v.get(f"{short}_{suffix}"))
            if not text:
                continue
            code = closed_code(vocab_name, text)
            if code is None:
                self._bad(
                    where,
                    h.get(f"{short}_{suffix}", suffix),
                    gettext_noop("%(value)s is not one of: %(choices)s"),
                    value=repr(text),
                    choices=closed_choices(vocab_name),
                )
                continue
            out[name] = code
        switch = cell_text(v.get(f"{short}_switch")).lower()
        if switch in ("yes", "ya", "1", "true"):
            out["exclusive"] = False
        elif switch in ("no", "tidak", "0", "false"):
            out["exclusive"] = True
        elif switch:
            self._bad(
                where,
                h.get(f"{short}_switch", "switch"),
                gettext_noop("expected yes or no (ya/tidak), got %(value)s"),
                value=repr(switch),
            )
        back = cell_text(v.get(f"{short}_back"))
        if back:
            out["reciprocation"] = back[:300]
        amount = cell_text(v.get(f"{short}_amount"))
        if amount:
            try:
                from decimal import Decimal

                value = Decimal(rupiah(amount).replace(",", ".")).quantize(Decimal("0.01"))
                if value < 0 or value.adjusted() >= 14:
                    raise ValueError(amount)
                out["amount"] = value
            except (ArithmeticError, ValueError):
                self._bad(
                    where,
                    h.get(f"{short}_amount", "amount"),
                    gettext_noop("expected a number, got %(value)s"),
                    value=repr(amount),
                )
        return out

    @staticmethod
    def _fill(tie: Tie, reported: dict) -> bool:
        changed = False
        for name, value in reported.items():
            if getattr(tie, name) in (None, ""):
                setattr(tie, name, value)
                changed = True
        return changed

    # ------------------------------------------------------------------ apply

    def apply(self) -> Summary:
        assert not self.problems.has_errors
        self.progress(P.WRITING_RECORDS, 0, 1)
        Actor.objects.bulk_create(self.actors, batch_size=1000)
        for pk, (consent, date) in self.consents.items():
            Actor.objects.filter(pk=pk).update(consent=consent, consent_date=date)
        Discussion.objects.bulk_create(self.discussions, batch_size=1000)
        through = Discussion.participants.through
        through.objects.bulk_create(
            [through(discussion_id=d, actor_id=a) for d, a in self.participants],
            batch_size=1000,
            ignore_conflicts=True,
        )
        Tie.objects.bulk_create(self.ties, batch_size=1000)
        if self.filled:
            Tie.objects.bulk_update(
                list(self.filled.values()),
                [
                    "form",
                    "frequency",
                    "attachment",
                    "terms_set_by",
                    "exclusive",
                    "reciprocation",
                    "amount",
                ],
                batch_size=500,
            )
            self.summary.ties_updated = len(self.filled)
        Evidence.objects.bulk_create(self.evidence, batch_size=1000)
        NameReview.objects.bulk_create(self.reviews, batch_size=1000, ignore_conflicts=True)
        if self.actors or self.ties or self.filled or self.consents:
            self.village.touch()
        self.progress(P.WRITING_RECORDS, 1, 1)
        return self.summary
