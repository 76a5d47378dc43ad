"""Recommendation facts turned into sentences in the user's language.

The engine (:mod:`jejaring.graph.recommend`) explains every item with codes, ids and numbers;
here they become "H. Slamet Riyadi: memberi pinjaman kepada 12 rumah tangga miskin di Dusun
Sidomulyo dan Dusun Krajan; sikap netral; dapat didekati melalui Sutrisno (Kepala Desa)". Only
facts the engine gave are used, so a sentence never claims what the data does not show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from jejaring import vocab
from jejaring.analysis.explain import form_label, join_words

Names = Mapping[str, str]


def hamlets(names: Iterable[str]) -> str:
    return join_words(_("hamlet %(name)s") % {"name": h} for h in names)


def name_of(names: Names, actor_id: str) -> str:
    return names.get(actor_id) or _("(unknown actor)")


def names_of(names: Names, ids: Iterable[str]) -> str:
    return join_words(name_of(names, i) for i in ids)


def label(terms: tuple, code: str) -> str:
    for t in terms:
        if t.code == code:
            return _(t.label)
    return code or ""


def field_label(code: str, fields: Mapping[str, str] | None = None) -> str:
    if fields and code in fields:
        return fields[code]
    return label(vocab.FIELDS, code)


def stance_phrase(stance: float | None) -> str:
    """The stance in words: from "strongly against" to "strongly supportive"."""
    if stance is None:
        return _("stance not yet assessed")
    if stance <= -1.5:
        return _("strongly against the program")
    if stance <= -0.5:
        return _("against the program")
    if stance < 0.5:
        return _("neutral stance")
    if stance < 1.5:
        return _("supportive")
    return _("strongly supportive")


def _poor_households(n: int) -> str:
    return ngettext("%(n)s poor household", "%(n)s poor households", n) % {"n": n}


def control_phrase(form: str, n: int) -> str:
    """What a patron does for ``n`` poor households in one dependency form."""
    households = _poor_households(n)
    phrases = {
        "credit": _("lends money to %(households)s"),
        "land": _("lets %(households)s work his or her land"),
        "market": _("buys the harvest of %(households)s"),
        "employment": _("employs %(households)s"),
        "inputs": _("supplies seed and fertiliser to %(households)s"),
        "goods_credit": _("gives goods on credit to %(households)s"),
        "raw_material": _("supplies raw material to %(households)s"),
        "product_orders": _("buys the products of %(households)s on order"),
        "protection": _("protects %(households)s"),
        "information": _("is the source of information for %(households)s"),
        "ritual": _("leads %(households)s in religious or ritual life"),
        "political": _("is the political patron of %(households)s"),
    }
    template = phrases.get(form, _("is the patron (%(form)s) of %(households)s"))
    return template % {"households": households, "form": form_label(form)}


def controls(facts: Mapping[str, Any]) -> str:
    """ "lends money to 12 poor households and lets 20 poor households work his or her land in
    hamlet A and hamlet B"."""
    poor_forms = facts.get("poor_forms") or {}
    parts = [control_phrase(f, n) for f, n in list(poor_forms.items())[:3] if n]
    if not parts:
        return ""
    text = join_words(parts)
    if facts.get("client_hamlets"):
        text = _("%(what)s in %(where)s") % {
            "what": text,
            "where": hamlets(facts["client_hamlets"]),
        }
    return text


def route_phrase(facts: Mapping[str, Any], names: Names) -> str:
    if not facts.get("reachable", True):
        return _("no trusted route yet: find someone who knows him or her")
    if facts.get("via"):
        return _("can be approached through %(names)s") % {"names": names_of(names, facts["via"])}
    return _("already known to the facilitators")


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# --------------------------------------------------------------------------- entry points


def entry_point(item: Mapping[str, Any], names: Names) -> dict[str, Any]:
    """The headline sentence of an entry point and its supporting details."""
    f, codes = item["facts"], item["reason_codes"]
    clauses = []
    if "patron_of_poor" in codes:
        clauses.append(controls(f))
    elif "reaches_poor" in codes and f.get("poor_reach"):
        clauses.append(
            ngettext(
                "talks with %(n)s poor household not yet reached",
                "talks with %(n)s poor households not yet reached",
                f["poor_reach"],
            )
            % {"n": f["poor_reach"]}
            + (_(" in %(where)s") % {"where": hamlets(f["hamlets"])} if f.get("hamlets") else "")
        )
    if "broker_between_groups" in codes and f.get("between"):
        clauses.append(_("links %(groups)s") % {"groups": hamlets(f["between"])})
    clauses.append(stance_phrase(f.get("stance")))
    clauses.append(route_phrase(f, names))
    details = []
    if "reaches_many" in codes:
        details.append(
            ngettext(
                "Reaches %(n)s person not yet reached by those already supporting the program.",
                "Reaches %(n)s people not yet reached by those already supporting the program.",
                f["new_reach"],
            )
            % {"n": f["new_reach"]}
        )
    if "first_approach_group" in codes:
        details.append(
            _("Belongs to a group the technique approaches first: %(group)s.")
            % {"group": label(vocab.APPROACH_GROUPS, f.get("approach_group", ""))}
        )
    if "high_influence" in codes:
        details.append(_("High influence (%(value)s of 5).") % {"value": _num(f.get("influence"))})
    if "already_approached" in codes:
        details.append(
            _("Engagement so far: %(status)s.")
            % {"status": label(vocab.ENGAGEMENT_STATUSES, f.get("engagement", "")).lower()}
        )
    if "approach_with_care" in codes:
        details.append(_("Against the program: approach with care, listen first."))
    details.append(
        _("Village reached after this contact: %(share)s%%.")
        % {"share": _pct(f.get("coverage_after"))}
    )
    return {
        "sentence": _capitalised("; ".join(c for c in clauses if c)),
        "details": details,
    }


# --------------------------------------------------------------------------- patrons


def patron(item: Mapping[str, Any], names: Names) -> dict[str, Any]:
    f, codes = item["facts"], item["reason_codes"]
    clauses = []
    what = controls(f) or _("patron of %(n)s clients") % {"n": f.get("clients", 0)}
    clauses.append(what)
    if "captive_clients" in codes:
        clauses.append(
            ngettext(
                "%(n)s client cannot turn to anyone else (%(forms)s)",
                "%(n)s clients cannot turn to anyone else (%(forms)s)",
                f["captive_clients"],
            )
            % {
                "n": f["captive_clients"],
                "forms": join_words(form_label(x) for x in f.get("captive_forms") or {}),
            }
        )
    clauses.append(stance_phrase(f.get("stance")))
    if f.get("influence") is not None:
        clauses.append(_("influence %(value)s of 5") % {"value": _num(f["influence"])})
    details = []
    if f.get("forms"):
        details.append(
            _("Controls: %(forms)s.")
            % {
                "forms": join_words(
                    ngettext("%(form)s (%(n)s client)", "%(form)s (%(n)s clients)", n)
                    % {"form": form_label(form), "n": n}
                    for form, n in f["forms"].items()
                )
            }
        )
    if "multiplex" in codes:
        details.append(
            ngettext(
                "Tied to %(n)s client in several ways at once (e.g. land and credit).",
                "Tied to %(n)s clients in several ways at once (e.g. land and credit).",
                f["multiplex_clients"],
            )
            % {"n": f["multiplex_clients"]}
        )
    if "heads_pyramid" in codes and f.get("brokers"):
        details.append(
            _("Reaches further through intermediaries: %(names)s.")
            % {"names": names_of(names, f["brokers"])}
        )
    if f.get("mean_share") is not None:
        details.append(
            _("On average %(share)s%% of a client's dependency is on this patron.")
            % {"share": _pct(f["mean_share"])}
        )
    details.extend(commitment_details(f, codes))
    details.append(_capitalised(route_phrase(f, names)) + ".")
    return {"sentence": _capitalised("; ".join(c for c in clauses if c)), "details": details}


def commitment_details(facts: Mapping[str, Any], codes: Sequence[str]) -> list[str]:
    """What the patron's recorded commitments say, for the recommendation's explanation."""
    counts = facts.get("commitments") or {}
    out = []
    if "commitment_kept" in codes:
        out.append(
            ngettext(
                "Kept %(n)s commitment already: the lever it used is marked “already used”.",
                "Kept %(n)s commitments already: the levers they used are marked “already used”.",
                counts.get("done", 0),
            )
            % {"n": counts.get("done", 0)}
        )
    if "commitment_broken" in codes:
        out.append(
            ngettext(
                "Warning: broke %(n)s commitment; ask for something small and checkable first, "
                "with a witness from the forum.",
                "Warning: broke %(n)s commitments; ask for something small and checkable first, "
                "with a witness from the forum.",
                counts.get("broken", 0),
            )
            % {"n": counts.get("broken", 0)}
        )
    pending = counts.get("agreed", 0) + counts.get("proposed", 0)
    if pending:
        out.append(
            ngettext(
                "%(n)s commitment is still open: follow it up before asking for more.",
                "%(n)s commitments are still open: follow them up before asking for more.",
                pending,
            )
            % {"n": pending}
        )
    return out


def lever_text(lever: Mapping[str, Any]) -> str:
    """A lever's text in the active language (or the other one if the village wrote only one)."""
    text = lever.get("text") or {}
    lang = (get_language() or "id")[:2]
    return text.get(lang) or text.get("text") or text.get("id") or text.get("en") or lever["code"]


def lever_reason(lever: Mapping[str, Any]) -> str:
    """Why a lever was suggested, from the facts that met its conditions."""
    used = lever.get("triggered_by") or {}
    parts = []
    if used.get("poor_clients"):
        parts.append(_poor_households(used["poor_clients"]))
    if used.get("captive_clients"):
        parts.append(
            ngettext("%(n)s captive client", "%(n)s captive clients", used["captive_clients"])
            % {"n": used["captive_clients"]}
        )
    if used.get("clients"):
        parts.append(
            ngettext("%(n)s client", "%(n)s clients", used["clients"]) % {"n": used["clients"]}
        )
    if "stance" in used:
        parts.append(stance_phrase(used["stance"]))
    return join_words(parts)


def condition_phrase(key: str, value: float) -> str:
    """A lever's condition (``when``) in words."""
    n = _num(value)
    phrases = {
        "clients_min": _("at least %(n)s clients"),
        "poor_clients_min": _("at least %(n)s poor households depend on the patron"),
        "captive_clients_min": _("at least %(n)s captive clients"),
        "stance_min": _("stance %(n)s or higher (−2 to +2)"),
        "stance_max": _("stance %(n)s or lower (−2 to +2)"),
    }
    return phrases[key] % {"n": n} if key in phrases else f"{key} {n}"


# --------------------------------------------------------------------------- blockers


def blocker(item: Mapping[str, Any], names: Names) -> dict[str, Any]:
    f, codes = item["facts"], item["reason_codes"]
    reasons = [stance_phrase(f.get("stance"))]
    if "resistant" in codes:
        reasons.append(_("resisted the approach so far"))
    if "high_influence" in codes:
        reasons.append(_("high influence (%(value)s of 5)") % {"value": _num(f.get("influence"))})
    if "many_captive_clients" in codes:
        reasons.append(
            ngettext(
                "%(n)s captive client who cannot turn to anyone else",
                "%(n)s captive clients who cannot turn to anyone else",
                f["captive_clients"],
            )
            % {"n": f["captive_clients"]}
        )
    if "many_poor_clients" in codes:
        reasons.append(
            _("%(households)s depend on him or her")
            % {"households": _poor_households(f["poor_clients"])}
        )
    if "sole_bridge" in codes:
        reasons.append(
            ngettext(
                "the only link to %(n)s person (%(where)s)",
                "the only link to %(n)s people (%(where)s)",
                f["cut_off"],
            )
            % {"n": f["cut_off"], "where": hamlets(f.get("cut_off_hamlets") or [])}
        )
    if "gatekeeper" in codes:
        reasons.append(
            _("gatekeeper between %(groups)s") % {"groups": hamlets(f.get("between") or [])}
        )
    return {
        "sentence": _capitalised("; ".join(r for r in reasons if r)),
        "mitigations": [mitigation(m, names) for m in item.get("mitigations", [])],
    }


def mitigation(m: Mapping[str, Any], names: Names) -> str:
    f = m.get("facts") or {}
    code = m["code"]
    if code == "speak_through":
        if f.get("allies"):
            return _(
                "Ask %(names)s, who is on the program's side and close to him or her, to talk first."
            ) % {"names": names_of(names, f.get("who", []))}
        return _("Win over %(names)s, who is close to him or her, and ask them to talk first.") % {
            "names": names_of(names, f.get("who", []))
        }
    if code == "build_trust_first":
        return _(
            "Nobody on the program's side is close to him or her yet: build trust in his or her own gatherings first."
        )
    if code == "serve_interests":
        texts = [lever_text(x) for x in m.get("interests", [])]
        return _("Show how the program serves his or her interests: %(interests)s.") % {
            "interests": join_words(texts)
        }
    if code == "strengthen_alternatives":
        return " ".join(_alternative_sentence(m, form, names) for form in f.get("forms", []))
    if code == "open_second_channel":
        return _("Open a second channel into %(where)s, e.g. through %(names)s.") % {
            "where": hamlets(f.get("hamlets", [])) or _("the part he or she links"),
            "names": names_of(names, f.get("contacts", [])[:3]),
        }
    if code == "offer_forum_seat":
        if f.get("field"):
            return _("Offer a seat in the forum, to speak for %(field)s.") % {
                "field": field_label(f["field"]).lower()
            }
        return _("Offer a seat in the forum.")
    return code


def _alternative_sentence(m: Mapping[str, Any], form: str, names: Names) -> str:
    """ "For the clients without a choice in land, offer land to rent from another owner,
    village land or a group farm; other providers in the village: Pak Darmo." – the offer
    fits the form (levers.json ``alternative``)."""
    offer = lever_text({"code": "", "text": (m.get("alternatives") or {}).get(form) or {}})
    ids = ((m.get("facts") or {}).get("providers") or {}).get(form) or []
    params = {"form": form_label(form), "offer": offer, "names": names_of(names, ids)}
    if offer and ids:
        return (
            _(
                "For the clients without a choice in %(form)s, offer %(offer)s; other providers "
                "in the village: %(names)s."
            )
            % params
        )
    if offer:
        return _("For the clients without a choice in %(form)s, offer %(offer)s.") % params
    if ids:
        return (
            _(
                "For the clients without a choice in %(form)s, look to the other providers in "
                "the village: %(names)s."
            )
            % params
        )
    return _("Find another source of %(form)s for the clients without a choice.") % params


# --------------------------------------------------------------------------- forum


def requirement(
    req: Mapping[str, Any], names: Names, fields: Mapping[str, str] | None = None
) -> str:
    dim, value = req["dimension"], req["value"]
    if dim == "hamlet":
        return _("hamlet %(name)s") % {"name": value}
    if dim == "field":
        return _("field: %(field)s") % {"field": field_label(value, fields)}
    if dim == "welfare":
        return _("welfare: %(rank)s") % {"rank": label(vocab.WELFARE_RANKS, value).lower()}
    if dim == "gender":
        return label(vocab.GENDERS, value)
    if dim == "approach_group":
        return label(vocab.APPROACH_GROUPS, value)
    if dim == "captive_voice":
        return _("a voice for the clients of %(name)s") % {"name": name_of(names, value)}
    if dim == "broker":
        return _("a broker between groups")
    return f"{dim}: {value}"


def forum_member(
    item: Mapping[str, Any], names: Names, fields: Mapping[str, str] | None = None
) -> dict[str, Any]:
    f = item["facts"]
    adds = [requirement(a, names, fields) for a in item["adds"]]
    if "extra_voice" in item["reason_codes"]:
        adds.append(_("another voice of the poor households"))
    return {
        "speaks_for": field_label(f["speaks_for"], fields) if f.get("speaks_for") else "",
        "adds": adds,
        "sentence": _("Adds %(what)s.") % {"what": join_words(adds)} if adds else "",
    }


def forum_warning(w: Mapping[str, Any], names: Names) -> str:
    f = w.get("facts") or {}
    if w["code"] == "patron_speaks_alone":
        return _(
            "%(patron)s sits in the forum without any of his or her %(n)s poor or captive clients: they are spoken for only by their patron."
        ) % {
            "patron": name_of(names, f.get("patron", "")),
            "n": max(f.get("poor_clients", 0), f.get("captive_clients", 0)),
        }
    return w["code"]


# --------------------------------------------------------------------------- numbers


def _num(value: Any) -> str:
    if value is None:
        return "–"
    value = float(value)
    if value.is_integer():
        return str(int(value))
    from django.utils.formats import number_format

    return number_format(value, 1)


def _pct(share: Any) -> str:
    return "–" if share is None else str(round(float(share) * 100))
