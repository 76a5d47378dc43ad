"""Sync pages: a village's sync status, conflicts and their resolution, bundles; API tokens."""

from __future__ import annotations

import gzip
import json
import threading

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jejaring.core.access import village_view
from jejaring.sync import client as C
from jejaring.sync import records as R
from jejaring.sync import services as S
from jejaring.sync.models import ApiToken, Conflict, SyncLog
from jejaring.villages.models import Village

#: Syncs running in this process, by village id: {"stage", "done", "total", "error", "result"}.
RUNNING: dict[str, dict] = {}
_lock = threading.Lock()


HIDDEN = {"id", "updated_at", "created_at", "version", "village"}


def conflict_rows(village, model, local: dict | None, remote: dict | None) -> list[dict]:
    """The two versions field by field, in the form's order, each field by its name in the
    reader's language and each value as the pages show it (a choice's label, the name of the
    record a reference points to, when it is this village's) — not the stored codes and ids.
    A reference to a record of another village stays an id: a peer's version must not reveal
    another village's names."""
    local, remote = local or {}, remote or {}
    present = set(local) | set(remote)
    order = [f.name for f in model._meta.concrete_fields] if model else []
    names = [n for n in order if n in present] + sorted(present - set(order))
    rows = []
    for name in names:
        if name in HIDDEN:
            continue
        field = _field(model, name)
        rows.append(
            {
                "name": name,
                "label": capfirst(field.verbose_name) if field is not None else name,
                "local": _shown(village, field, local.get(name)),
                "remote": _shown(village, field, remote.get(name)),
                "differs": local.get(name) != remote.get(name),
            }
        )
    return rows


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(village, field, value):
    if field is None or value is None or value == "":
        return value
    if isinstance(value, dict) and isinstance(value.get("area"), str):  # the village's area
        from jejaring.villages.models import Area

        area = Area.objects.filter(code=value["area"]).first()
        return str(area) if area is not None else value["area"]
    if field.choices:
        # Vocabulary labels are marked, not translated, where the choices are declared
        # (jejaring.vocab): translated here, as the other pages do.
        label = dict(field.flatchoices).get(value)
        return _(str(label)) if label is not None else value
    if field.is_relation and field.many_to_one:
        from django.db.models import Q

        from jejaring.sync.log import logged_paths

        path = logged_paths().get(field.related_model)
        if path is None:
            return value  # not village data (a user): the id as stored
        mine = Q(**{path: village})
        if path == "village":
            mine |= Q(village__isnull=True)  # the built-in terms every village shares
        rows = field.related_model._base_manager.filter(mine)
        try:
            if isinstance(value, dict) and "builtin" in value:  # a built-in term, by its code
                target = rows.filter(village__isnull=True, code=value["builtin"]).first()
                return str(target) if target is not None else value["builtin"]
            target = rows.filter(pk=value).first()
        except (ValidationError, ValueError, TypeError):
            return value
        return str(target) if target is not None else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


@village_view()
def status(request: HttpRequest, village: Village) -> HttpResponse:
    link = S.upstream_link(village)
    log = SyncLog.objects.filter(village=village)[:20] if request.membership.can_manage else []
    conflicts = S.open_conflicts_in_order(village)
    for c in conflicts:
        model = R.model_of(c.model)
        c.what = model._meta.verbose_name if model else c.model
    return render(
        request,
        "sync/status.html",
        {
            "village": village,
            "link": link,
            "is_server": link is None,
            "conflicts": conflicts,
            "log": log,
            "running": RUNNING.get(str(village.pk)),
            "can_write": request.membership.can_write,
        },
    )


def _run(village_id: str, url: str, token: str, insecure: bool, slug: str, user_id) -> None:
    state = RUNNING[village_id]
    try:
        from django.contrib.auth import get_user_model

        village = Village.objects.get(pk=village_id)
        user = get_user_model().objects.filter(pk=user_id).first()

        def progress(stage, done, total):
            state.update(stage=stage, done=done, total=total)

        state["result"] = C.sync_village(
            transport=C.HttpTransport(url, token, insecure=insecure),
            slug=slug,
            local_slug=village.slug,
            local_user=user,
            progress=progress,
            save_link={"server_url": url.rstrip("/"), "token": token, "insecure": insecure},
        )
    except C.SyncError as exc:
        state["error"] = str(exc)
    except Exception as exc:  # shown on the page; the next sync resumes
        state["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        state["finished"] = True
        connection.close()  # this thread's own connection, whatever CONN_MAX_AGE says


@village_view(write=True)
@require_POST
def start(request: HttpRequest, village: Village) -> HttpResponse:
    link = S.upstream_link(village)
    url = request.POST.get("server") or (link.server_url if link else "")
    token = request.POST.get("token") or (link.token if link else "")
    insecure = bool(request.POST.get("insecure")) or (link.insecure if link else False)
    slug = request.POST.get("server_slug") or (link.server_slug if link else "") or village.slug
    if not url or not token:
        messages.error(request, _("Give the server's address and a token made on the server."))
        return redirect("sync:status", village.slug)
    try:
        C.check_url(url, insecure)
    except C.SyncError:
        messages.error(
            request,
            _("Plain http to another computer is refused: use https (or allow it knowingly)."),
        )
        return redirect("sync:status", village.slug)
    key = str(village.pk)
    with _lock:
        if key in RUNNING and not RUNNING[key].get("finished"):
            return redirect("sync:status", village.slug)
        RUNNING[key] = {"stage": "", "done": 0, "total": 0}
    threading.Thread(
        target=_run, args=(key, url, token, insecure, slug, request.user.pk), daemon=True
    ).start()
    return redirect("sync:status", village.slug)


@village_view()
def progress(request: HttpRequest, village: Village) -> HttpResponse:
    return render(
        request,
        "sync/_progress.html",
        {"village": village, "running": RUNNING.get(str(village.pk))},
    )


@village_view()
def conflict(request: HttpRequest, village: Village, conflict: int) -> HttpResponse:
    c = get_object_or_404(Conflict, village=village, pk=conflict)
    if request.method == "POST":
        choice = request.POST.get("choice")
        fields = {
            k[6:]: v
            for k, v in request.POST.items()
            if k.startswith("field:") and v in ("local", "remote")
        }
        if choice not in ("local", "remote", "merge"):
            raise PermissionDenied
        try:
            done = S.resolve(c, choice, fields=fields, user=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
            return redirect("sync:conflict", village.slug, c.pk)
        if done["deleted"]:
            along = _along_text(done["along"])
            messages.success(
                request,
                (
                    _(
                        "Conflict resolved: the deletion was taken; deleted here along with "
                        "it: %(along)s. The others receive it at the next sync."
                    )
                    % {"along": along}
                )
                if along
                else _(
                    "Conflict resolved: the deletion was taken. The others receive it at "
                    "the next sync."
                ),
            )
        else:
            messages.success(
                request, _("Conflict resolved; the choice reaches the others at the next sync.")
            )
        return redirect("sync:status", village.slug)
    model = R.model_of(c.model)
    rows = conflict_rows(village, model, c.local, c.remote)
    exists_here = bool(R.serialize(village, c.model, [str(c.record_id)]))
    along = ""
    if c.remote is None and exists_here and not c.resolved_at:
        along = _along_text(S.takes_along(village, c.model, c.record_id))
    return render(
        request,
        "sync/conflict.html",
        {
            "village": village,
            "c": c,
            "rows": rows,
            "what": model._meta.verbose_name if model else c.model,
            "can_write": request.membership.can_write,
            "along": along,
            "exists_here": exists_here,
        },
    )


def _along_text(along) -> str:
    """``2 hubungan, 1 bukti``: what a deletion takes along, in the reader's language."""
    return ", ".join(f"{n} {name}" for name, n in along)


@village_view()
def bundle_download(request: HttpRequest, village: Village) -> HttpResponse:
    """The sync file: a laptop's changes; a server's changes since what its laptops
    acknowledged, or with ``?whole=1`` the whole village (for a laptop that has none of it)."""
    doc = C.write_bundle(village, since=0 if request.GET.get("whole") else None)
    raw = gzip.compress(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    resp = HttpResponse(raw, content_type="application/gzip")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    resp["Content-Disposition"] = f'attachment; filename="sync-{village.slug}-{stamp}.json.gz"'
    return resp


@village_view(write=True)
@require_POST
def bundle_upload(request: HttpRequest, village: Village) -> HttpResponse:
    upload = request.FILES.get("bundle")
    if upload is None:
        messages.error(request, _("Choose a sync file."))
        return redirect("sync:status", village.slug)
    raw = upload.read(200 * 1024 * 1024)
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        doc = json.loads(raw)
        row = (doc.get("village") or {}) if isinstance(doc, dict) else {}
        if str(row.get("id")) != str(village.pk):
            raise C.SyncError(_("This sync file belongs to another village."))
        summary = C.read_bundle(doc, user=request.user)[1]
    except (OSError, ValueError, C.SyncError) as exc:
        messages.error(request, _("The sync file was not applied: %(reason)s") % {"reason": exc})
        return redirect("sync:status", village.slug)
    messages.success(
        request,
        _("%(received)s records received, %(conflicts)s conflicts, %(same)s already here.")
        % summary,
    )
    return redirect("sync:status", village.slug)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    secret = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            ApiToken.objects.filter(
                user=request.user, pk=request.POST["revoke"], revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            messages.success(request, _("Token revoked."))
            return redirect("sync_tokens")
        name = (request.POST.get("name") or "").strip()[:100] or _("laptop")
        secret = ApiToken.issue(request.user, name)[1]
    return render(
        request,
        "sync/tokens.html",
        {"tokens": ApiToken.objects.filter(user=request.user), "secret": secret},
    )
