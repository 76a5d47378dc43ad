"""Controlled vocabularies shared by the engine, the database and the file formats.

This module is pure Python (no Django) so that the analysis engine, the importers and the
models all speak the same codes. Labels are English source strings wrapped in a local
``gettext_noop`` so that ``makemessages`` collects them; the Django layer translates them at
render time with ``gettext(label)``.

Direction convention for every directed tie type: the arrow points from the party who
depends on, looks to or is under the other, towards the more powerful party
("source depends on target"). Dependency ties therefore run *client → patron*.
"""

from __future__ import annotations

from dataclasses import dataclass


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it (collected by makemessages)."""
    return message


@dataclass(frozen=True)
class Term:
    code: str
    label: str


def _terms(*pairs: tuple[str, str]) -> tuple[Term, ...]:
    return tuple(Term(code, label) for code, label in pairs)


def choices(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
    """``(code, English label)`` pairs, the shape Django's ``choices`` expects."""
    return [(t.code, t.label) for t in terms]


def codes(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(t.code for t in terms)


ACTOR_KINDS = _terms(
    ("person", gettext_noop("Person")),
    ("household", gettext_noop("Household")),
    ("group", gettext_noop("Group")),
    ("institution", gettext_noop("Institution")),
)

GENDERS = _terms(
    ("female", gettext_noop("Female")),
    ("male", gettext_noop("Male")),
    ("other", gettext_noop("Other")),
)

# Ordered from poorest to richest: the position is the rank used by the engine.
WELFARE_RANKS = _terms(
    ("very_poor", gettext_noop("Very poor")),
    ("poor", gettext_noop("Poor")),
    ("middle", gettext_noop("Middle")),
    ("well_off", gettext_noop("Well-off")),
)
POOR_WELFARE = frozenset({"very_poor", "poor"})
#: A *poor household* is an actor of one of these kinds whose welfare rank is in POOR_WELFARE:
#: a household, or an actor whose kind was not recorded (a file without a ``kind`` column).
#: A person, group or institution is never counted, whatever its welfare (docs/measures.md).
POOR_HOUSEHOLD_KINDS = frozenset({"household", ""})
WELFARE_RANK = {t.code: i for i, t in enumerate(WELFARE_RANKS)}

# Dependency forms (what the patron controls). The field guide's three chains are forms of
# their own: supplier → retailer (goods_credit), landowner → tenant (land), and the craftsman
# between the raw-material supplier (raw_material) and the buyer of the products
# (product_orders); plus the moneylender (credit), the buyer of the harvest (market) and the
# employer. VITAL_FORMS are those whose loss threatens a household's livelihood, used for the
# "captive client" rule.
DEPENDENCY_FORMS = _terms(
    ("credit", gettext_noop("Credit")),
    ("land", gettext_noop("Land")),
    ("market", gettext_noop("Market for the harvest")),
    ("goods_credit", gettext_noop("Goods on credit / stock")),
    ("raw_material", gettext_noop("Raw material")),
    ("product_orders", gettext_noop("Orders for products")),
    ("inputs", gettext_noop("Farm inputs")),
    ("employment", gettext_noop("Employment")),
    ("protection", gettext_noop("Protection")),
    ("information", gettext_noop("Information")),
    ("ritual", gettext_noop("Ritual / religious")),
    ("political", gettext_noop("Political")),
)
VITAL_FORMS = frozenset(
    {"credit", "land", "market", "goods_credit", "raw_material", "product_orders", "employment"}
)

#: The category of actor that typically provides each form (the patron's side of the tie).
#: Used to suggest the category of a new actor and, by the captive rule, to count a provider
#: the facilitator has not yet mapped clients of as an alternative.
PROVIDER_CATEGORY = {
    "credit": "moneylender",
    "land": "landowner",
    "market": "trader",
    "goods_credit": "supplier",
    "raw_material": "supplier",
    "product_orders": "trader",
    "inputs": "supplier",
    "employment": "employer",
}


def current_form(tie_type: str, form: str) -> str:
    """The form of a tie recorded before the craftsman chain had forms of its own.

    Until 2026-12 raw material was the form "inputs" (shared with farm inputs): a
    ``raw_material`` tie with that form, or with none, now has the form ``raw_material``. Used
    by the data migration and when an old backup is imported.
    """
    if tie_type == "raw_material" and form in ("", "inputs"):
        return "raw_material"
    return form


FREQUENCIES = _terms(
    ("daily", gettext_noop("Daily")),
    ("weekly", gettext_noop("Weekly")),
    ("monthly", gettext_noop("Monthly")),
    ("seasonal", gettext_noop("Seasonal")),
    ("yearly", gettext_noop("Yearly")),
    ("occasional", gettext_noop("Occasional")),
)

ATTACHMENTS = _terms(
    ("loose", gettext_noop("Loose")),
    ("moderate", gettext_noop("Moderate")),
    ("binding", gettext_noop("Binding")),
)

BALANCES = _terms(
    ("favours_patron", gettext_noop("Favours the patron")),
    ("balanced", gettext_noop("Balanced")),
    ("favours_client", gettext_noop("Favours the client")),
)

TERMS_SET_BY = _terms(
    ("patron", gettext_noop("The patron")),
    ("client", gettext_noop("The client")),
    ("both", gettext_noop("Both, by agreement")),
    ("custom", gettext_noop("Custom / tradition")),
)

CONFIDENCES = _terms(
    ("low", gettext_noop("Low")),
    ("medium", gettext_noop("Medium")),
    ("high", gettext_noop("High")),
)


@dataclass(frozen=True)
class TieTypeSpec:
    """A built-in tie type.

    ``phrase`` reads "<source> <phrase> <target>", e.g. "A borrows money from B".
    """

    code: str
    label: str
    directed: bool
    dependency: bool
    form: str = ""
    phrase: str = ""


TIE_TYPES: tuple[TieTypeSpec, ...] = (
    TieTypeSpec(
        "kinship", gettext_noop("Kinship"), False, False, "", gettext_noop("is related to")
    ),
    TieTypeSpec(
        "marriage",
        gettext_noop("Marriage"),
        False,
        False,
        "",
        gettext_noop("is married into the family of"),
    ),
    TieTypeSpec(
        "credit",
        gettext_noop("Credit (borrower → lender)"),
        True,
        True,
        "credit",
        gettext_noop("borrows money from"),
    ),
    TieTypeSpec(
        "land",
        gettext_noop("Land tenancy / sharecropping"),
        True,
        True,
        "land",
        gettext_noop("works the land of"),
    ),
    TieTypeSpec(
        "supply",
        gettext_noop("Supply of farm inputs"),
        True,
        True,
        "inputs",
        gettext_noop("gets seed, fertiliser or other inputs from"),
    ),
    TieTypeSpec(
        "goods_credit",
        gettext_noop("Goods on credit (retailer → supplier)"),
        True,
        True,
        "goods_credit",
        gettext_noop("takes goods on credit from"),
    ),
    TieTypeSpec(
        "purchase",
        gettext_noop("Purchase of the harvest"),
        True,
        True,
        "market",
        gettext_noop("sells the harvest to"),
    ),
    TieTypeSpec(
        "raw_material",
        gettext_noop("Raw material supply (craftsman → supplier)"),
        True,
        True,
        "raw_material",
        gettext_noop("gets raw material from"),
    ),
    TieTypeSpec(
        "product_order",
        gettext_noop("Product orders (craftsman → buyer)"),
        True,
        True,
        "product_orders",
        gettext_noop("makes products to order for"),
    ),
    TieTypeSpec(
        "employment",
        gettext_noop("Employment"),
        True,
        True,
        "employment",
        gettext_noop("works for"),
    ),
    TieTypeSpec(
        "protection",
        gettext_noop("Protection"),
        True,
        True,
        "protection",
        gettext_noop("is protected by"),
    ),
    TieTypeSpec(
        "advice", gettext_noop("Advice"), True, False, "", gettext_noop("asks advice from")
    ),
    TieTypeSpec(
        "authority",
        gettext_noop("Authority / command"),
        True,
        False,
        "",
        gettext_noop("is under the authority of"),
    ),
    TieTypeSpec(
        "membership", gettext_noop("Membership"), True, False, "", gettext_noop("is a member of")
    ),
    TieTypeSpec(
        "communication",
        gettext_noop("Communication"),
        False,
        False,
        "",
        gettext_noop("talks regularly with"),
    ),
    TieTypeSpec(
        "influence", gettext_noop("Influence"), True, False, "", gettext_noop("is influenced by")
    ),
)
TIE_TYPE_BY_CODE = {t.code: t for t in TIE_TYPES}


@dataclass(frozen=True)
class CategorySpec:
    """A built-in actor category. ``approach_group`` names the first-approach group of the
    field technique the category belongs to ("" when none)."""

    code: str
    label: str
    approach_group: str = ""


APPROACH_GROUPS = _terms(
    ("officials", gettext_noop("Village head and officials")),
    ("district_head", gettext_noop("Sub-district head (camat)")),
    ("religious_customary", gettext_noop("Religious and customary leaders")),
    ("influential_groups", gettext_noop("Influential groups")),
    ("agency_staff", gettext_noop("Agency field staff (PPL, PLKB, cooperative supervisor)")),
)

CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("village_official", gettext_noop("Village head / village official"), "officials"),
    CategorySpec("village_council", gettext_noop("Village council (BPD)"), "officials"),
    CategorySpec("district_head", gettext_noop("Sub-district head (camat)"), "district_head"),
    CategorySpec("religious_leader", gettext_noop("Religious leader"), "religious_customary"),
    CategorySpec("customary_leader", gettext_noop("Customary leader"), "religious_customary"),
    CategorySpec("community_figure", gettext_noop("Other community figure")),
    CategorySpec("influential_group", gettext_noop("Influential group"), "influential_groups"),
    CategorySpec(
        "agricultural_extension",
        gettext_noop("Agricultural extension worker (PPL)"),
        "agency_staff",
    ),
    CategorySpec(
        "family_planning", gettext_noop("Family-planning field officer (PLKB)"), "agency_staff"
    ),
    CategorySpec("cooperative_supervisor", gettext_noop("Cooperative supervisor"), "agency_staff"),
    CategorySpec("agency_staff", gettext_noop("Other agency staff"), "agency_staff"),
    CategorySpec("trader", gettext_noop("Trader / middleman")),
    CategorySpec("supplier", gettext_noop("Supplier")),
    CategorySpec("retailer", gettext_noop("Shopkeeper / retailer")),
    CategorySpec("landowner", gettext_noop("Landowner")),
    CategorySpec("sharecropper", gettext_noop("Tenant / sharecropper")),
    CategorySpec("moneylender", gettext_noop("Moneylender")),
    CategorySpec("employer", gettext_noop("Employer / boss")),
    CategorySpec("craftsman", gettext_noop("Craftsman")),
    CategorySpec("household", gettext_noop("Household")),
    CategorySpec("facilitator", gettext_noop("Facilitator (program staff)")),
)
CATEGORY_BY_CODE = {c.code: c for c in CATEGORIES}

# Fields (bidang) an actor can speak for in the dialogue forum.
FIELDS = _terms(
    ("government", gettext_noop("Village government")),
    ("agriculture", gettext_noop("Agriculture")),
    ("religion", gettext_noop("Religion")),
    ("custom", gettext_noop("Custom / tradition")),
    ("economy", gettext_noop("Economy and trade")),
    ("credit", gettext_noop("Savings and credit")),
    ("health", gettext_noop("Health and family planning")),
    ("education", gettext_noop("Education")),
    ("women", gettext_noop("Women")),
    ("youth", gettext_noop("Youth")),
    ("infrastructure", gettext_noop("Infrastructure")),
    ("crafts", gettext_noop("Crafts and small industry")),
    ("fisheries", gettext_noop("Fisheries")),
    ("cooperative", gettext_noop("Cooperatives")),
    ("poor_households", gettext_noop("Poor households")),
)

ENGAGEMENT_STATUSES = _terms(
    ("not_approached", gettext_noop("Not approached")),
    ("approached", gettext_noop("Approached")),
    ("receptive", gettext_noop("Receptive")),
    ("supportive", gettext_noop("Supportive")),
    ("active_partner", gettext_noop("Active partner")),
    ("resistant", gettext_noop("Resistant")),
)
# The forward path of the approach; "resistant" is off the path.
ENGAGEMENT_PATH = ("not_approached", "approached", "receptive", "supportive", "active_partner")

ENGAGEMENT_STAGES = _terms(
    ("follow_their_way", gettext_noop("Follow their way")),
    ("steer_program_way", gettext_noop("Steer to the program's way")),
)

CONTACT_CHANNELS = _terms(
    ("visit", gettext_noop("Home visit")),
    ("meeting", gettext_noop("Meeting")),
    ("gathering", gettext_noop("Their own gathering")),
    ("phone", gettext_noop("Phone call")),
    ("message", gettext_noop("Message")),
    ("letter", gettext_noop("Letter")),
    ("other", gettext_noop("Other")),
)

STANCE_MIN, STANCE_MAX = -2, 2
SCALE_MIN, SCALE_MAX = 0, 5  # influence and interest (Net-Map "towers")
