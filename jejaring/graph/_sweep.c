/*
 * One Brandes sweep per source: betweenness, and the distances that closeness, harmonic
 * closeness and mean distance need, from a single search (jejaring.graph.sweep).
 *
 * Unweighted graphs: breadth-first search that expands each level top-down (scanning the
 * frontier's out-arcs) or bottom-up (scanning the unvisited actors' in-arcs), whichever
 * scans fewer arcs (Beamer, Asanovic & Patterson 2012). Weighted graphs: Dijkstra on the
 * given lengths, with path lengths compared as igraph compares them (relative epsilon
 * 1e-10). Either search records its shortest-path arcs in the order it finds them, so the
 * dependency accumulation (Brandes 2001) walks that list backwards without scanning the
 * graph again.
 *
 * The GIL is released during the sweep, so Python threads run one call per core. Every
 * array comes through the buffer protocol (numpy arrays, C-contiguous); no numpy headers
 * are needed to build this file.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int32_t vid;

typedef struct {
    Py_ssize_t n;
    const int64_t *optr; const vid *oidx; const double *olen;
    const int64_t *iptr; const vid *iidx; const double *ilen;
} graph_t;

typedef struct {
    double *bet, *sum_d, *count, *inv, *tot, *reach;
} acc_t;

typedef struct {
    double *dist;   /* distance from the source; -1 unreached */
    double *sigma;  /* number of shortest paths */
    double *delta;  /* dependency */
    vid *order;     /* vertices in the order they were reached */
    vid *next;      /* next frontier (BFS) or heap (Dijkstra) */
    vid *unv;       /* unvisited vertices (bottom-up) / heap positions */
    char *done;     /* settled (Dijkstra) */
    vid *arcs;      /* shortest-path arcs, pairs (from, to) */
    size_t arcs_cap;
} work_t;

static int grow_arcs(work_t *w, size_t need) {
    if (need <= w->arcs_cap) return 0;
    size_t cap = w->arcs_cap ? w->arcs_cap : 1024;
    while (cap < need) cap *= 2;
    vid *p = (vid *)realloc(w->arcs, cap * 2 * sizeof(vid));
    if (!p) return -1;
    w->arcs = p;
    w->arcs_cap = cap;
    return 0;
}

static int cmp_eps(double a, double b) {
    /* igraph_cmp_epsilon with eps = 1e-10 (IGRAPH_SHORTEST_PATH_EPSILON) */
    const double eps = 1e-10;
    if (a == b) return 0;
    double diff = a - b, ad = fabs(diff), sum = fabs(a) + fabs(b);
    if (a == 0 || b == 0 || sum < DBL_MIN) return ad < eps * DBL_MIN ? 0 : (diff < 0 ? -1 : 1);
    if (!isfinite(sum)) return ad < eps * fabs(a) + eps * fabs(b) ? 0 : (diff < 0 ? -1 : 1);
    return ad / sum < eps ? 0 : (diff < 0 ? -1 : 1);
}

/* Breadth-first search from s; returns the number of reached vertices (in w->order) and
 * the number of recorded arcs in *narcs, or -1 when out of memory. */
static Py_ssize_t bfs(const graph_t *g, work_t *w, vid s, size_t *narcs) {
    Py_ssize_t n = g->n, nreach = 1, nunv = -1;
    size_t na = 0;
    double *dist = w->dist, *sigma = w->sigma;
    /* arcs still to scan bottom-up: in-arcs of unvisited vertices */
    int64_t m_unv = g->iptr[n] - (g->iptr[s + 1] - g->iptr[s]);
    dist[s] = 0; sigma[s] = 1; w->order[0] = s;
    Py_ssize_t fstart = 0, fend = 1; /* frontier = order[fstart:fend] */
    double level = 0;
    while (fstart < fend) {
        int64_t m_front = 0;
        for (Py_ssize_t i = fstart; i < fend; i++) {
            vid v = w->order[i];
            m_front += g->optr[v + 1] - g->optr[v];
        }
        double nl = level + 1;
        Py_ssize_t before = nreach;
        if (m_front <= m_unv) {
            for (Py_ssize_t i = fstart; i < fend; i++) {
                vid v = w->order[i];
                double sv = sigma[v];
                if (grow_arcs(w, na + (size_t)(g->optr[v + 1] - g->optr[v]))) return -1;
                for (int64_t a = g->optr[v]; a < g->optr[v + 1]; a++) {
                    vid x = g->oidx[a];
                    if (dist[x] < 0) {
                        dist[x] = nl; sigma[x] = 0;
                        w->order[nreach++] = x;
                    }
                    if (dist[x] == nl) {
                        sigma[x] += sv;
                        w->arcs[2 * na] = v; w->arcs[2 * na + 1] = x; na++;
                    }
                }
            }
            if (nunv >= 0) nunv = -2; /* list is stale: rebuild if bottom-up again */
        } else {
            if (nunv < 0) {
                nunv = 0;
                for (Py_ssize_t x = 0; x < n; x++)
                    if (dist[x] < 0) w->unv[nunv++] = (vid)x;
            }
            Py_ssize_t keep = 0;
            for (Py_ssize_t j = 0; j < nunv; j++) {
                vid x = w->unv[j];
                if (dist[x] >= 0) continue; /* reached by a top-down level since */
                double sx = 0;
                if (grow_arcs(w, na + (size_t)(g->iptr[x + 1] - g->iptr[x]))) return -1;
                for (int64_t a = g->iptr[x]; a < g->iptr[x + 1]; a++) {
                    vid v = g->iidx[a];
                    if (dist[v] == level) {
                        sx += sigma[v];
                        w->arcs[2 * na] = v; w->arcs[2 * na + 1] = x; na++;
                    }
                }
                if (sx > 0) {
                    sigma[x] = sx;
                    w->order[nreach++] = x;
                } else {
                    w->unv[keep++] = x;
                }
            }
            /* mark after the scan: a vertex of this level is no parent of another */
            for (Py_ssize_t i = before; i < nreach; i++) dist[w->order[i]] = nl;
            nunv = keep;
        }
        for (Py_ssize_t i = before; i < nreach; i++) {
            vid x = w->order[i];
            m_unv -= g->iptr[x + 1] - g->iptr[x];
        }
        fstart = fend; fend = nreach; level = nl;
    }
    *narcs = na;
    return nreach;
}

/* binary heap of vertices keyed by dist, positions in w->unv */
static void heap_up(work_t *w, Py_ssize_t i) {
    vid *h = w->next, *pos = w->unv; double *d = w->dist;
    vid x = h[i];
    while (i > 0) {
        Py_ssize_t p = (i - 1) / 2;
        if (d[h[p]] <= d[x]) break;
        h[i] = h[p]; pos[h[i]] = (vid)i; i = p;
    }
    h[i] = x; pos[x] = (vid)i;
}

static void heap_down(work_t *w, Py_ssize_t i, Py_ssize_t size) {
    vid *h = w->next, *pos = w->unv; double *d = w->dist;
    vid x = h[i];
    for (;;) {
        Py_ssize_t c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && d[h[c + 1]] < d[h[c]]) c++;
        if (d[h[c]] >= d[x]) break;
        h[i] = h[c]; pos[h[i]] = (vid)i; i = c;
    }
    h[i] = x; pos[x] = (vid)i;
}

/* Dijkstra from s; sigma and the shortest-path arcs of a vertex are found when it is
 * settled, from its in-arcs out of settled vertices. */
static Py_ssize_t dijkstra(const graph_t *g, work_t *w, vid s, size_t *narcs) {
    Py_ssize_t nreach = 0, size = 0;
    size_t na = 0;
    double *dist = w->dist, *sigma = w->sigma;
    dist[s] = 0;
    w->next[size++] = s; w->unv[s] = 0;
    while (size > 0) {
        vid v = w->next[0];
        size--;
        if (size > 0) { w->next[0] = w->next[size]; heap_down(w, 0, size); }
        w->done[v] = 1;
        w->order[nreach++] = v;
        double dv = dist[v];
        if (v == s) {
            sigma[v] = 1;
        } else {
            double sv = 0;
            if (grow_arcs(w, na + (size_t)(g->iptr[v + 1] - g->iptr[v]))) return -1;
            for (int64_t a = g->iptr[v]; a < g->iptr[v + 1]; a++) {
                vid u = g->iidx[a];
                if (w->done[u] && u != v && cmp_eps(dist[u] + g->ilen[a], dv) == 0) {
                    sv += sigma[u];
                    w->arcs[2 * na] = u; w->arcs[2 * na + 1] = v; na++;
                }
            }
            sigma[v] = sv;
        }
        for (int64_t a = g->optr[v]; a < g->optr[v + 1]; a++) {
            vid x = g->oidx[a];
            if (w->done[x]) continue;
            double alt = dv + g->olen[a];
            if (dist[x] < 0) {
                dist[x] = alt;
                w->next[size] = x; heap_up(w, size); size++;
            } else if (alt < dist[x]) {
                dist[x] = alt;
                heap_up(w, w->unv[x]);
            }
        }
    }
    *narcs = na;
    return nreach;
}

/* One source: search, dependencies, accumulation. Returns -1 when out of memory. */
static int one_source(const graph_t *g, work_t *w, vid s, int weighted, int with_dist,
                      int linear, const acc_t *acc, Py_ssize_t j) {
    size_t na = 0;
    Py_ssize_t nreach = weighted ? dijkstra(g, w, s, &na) : bfs(g, w, s, &na);
    if (nreach < 0) return -1;
    double *sigma = w->sigma, *delta = w->delta, *dist = w->dist;
    if (linear) {
        /* Geisberger, Sanders & Schultes 2008: a pair (s, t) counts for v in proportion
         * d(s, v) / d(s, t); delta holds the sum over t of that share divided by d(s, v). */
        for (size_t k = na; k-- > 0;) {
            vid v = w->arcs[2 * k], x = w->arcs[2 * k + 1];
            delta[v] += sigma[v] / sigma[x] * (1.0 / dist[x] + delta[x]);
        }
    } else {
        for (size_t k = na; k-- > 0;) {
            vid v = w->arcs[2 * k], x = w->arcs[2 * k + 1];
            delta[v] += sigma[v] / sigma[x] * (1.0 + delta[x]);
        }
    }
    double tot = 0;
    for (Py_ssize_t i = 1; i < nreach; i++) {
        vid x = w->order[i];
        acc->bet[x] += linear ? dist[x] * delta[x] : delta[x];
        if (with_dist) {
            double d = dist[x];
            acc->sum_d[x] += d;
            acc->count[x] += 1.0;
            acc->inv[x] += 1.0 / d;
            tot += d;
        }
    }
    if (with_dist) {
        acc->tot[j] = tot;
        acc->reach[j] = (double)(nreach - 1);
    }
    for (Py_ssize_t i = 0; i < nreach; i++) {
        vid x = w->order[i];
        dist[x] = -1; delta[x] = 0; sigma[x] = 0;
        if (weighted) w->done[x] = 0;
    }
    return 0;
}

typedef struct {
    Py_buffer b[16];
    int nb;
} bufs_t;

static void release(bufs_t *bs) {
    for (int i = 0; i < bs->nb; i++) PyBuffer_Release(&bs->b[i]);
    bs->nb = 0;
}

static int getbuf(bufs_t *bs, PyObject *o, Py_ssize_t itemsize, Py_ssize_t len, int writable,
                  const char *name, void **out) {
    if (o == Py_None) { *out = NULL; return 0; }
    Py_buffer *b = &bs->b[bs->nb];
    if (PyObject_GetBuffer(o, b, (writable ? PyBUF_WRITABLE : 0) | PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    bs->nb++;
    if (b->itemsize != itemsize || (len >= 0 && b->len / itemsize < len)) {
        PyErr_Format(PyExc_ValueError, "%s: wrong item size or length", name);
        return -1;
    }
    *out = b->buf;
    return 0;
}

PyDoc_STRVAR(sweep_doc,
"sweep(n, optr, oidx, olen, iptr, iidx, ilen, sources, ndist, bet, sum_d, count, inv, tot, reach,\n"
"      linear=False)\n"
"\n"
"Brandes sweeps from each of ``sources`` (int32). Adds dependencies to ``bet``; for the\n"
"first ``ndist`` sources also adds, per reached actor t, the distance to ``sum_d[t]``, 1 to\n"
"``count[t]`` and 1/distance to ``inv[t]``, and stores per source its total distance in\n"
"``tot[j]`` and actors reached in ``reach[j]``. ``olen``/``ilen`` None: unweighted (BFS).\n"
"Out-arcs ``optr`` (int64) / ``oidx`` (int32); in-arcs likewise. ``linear``: dependencies\n"
"scaled by d(s, v) / d(s, t) (Geisberger et al. 2008). Releases the GIL.");

static PyObject *py_sweep(PyObject *self, PyObject *args) {
    Py_ssize_t n, ndist;
    int linear = 0;
    PyObject *o[14];
    if (!PyArg_ParseTuple(args, "nOOOOOOOnOOOOOO|p", &n, &o[0], &o[1], &o[2], &o[3], &o[4],
                          &o[5], &o[6], &ndist, &o[7], &o[8], &o[9], &o[10], &o[11], &o[12],
                          &linear))
        return NULL;
    bufs_t bs = {.nb = 0};
    graph_t g = {.n = n};
    acc_t acc;
    const vid *src = NULL;
    Py_ssize_t k = 0;
    if (getbuf(&bs, o[0], 8, n + 1, 0, "optr", (void **)&g.optr) ||
        getbuf(&bs, o[1], 4, -1, 0, "oidx", (void **)&g.oidx) ||
        getbuf(&bs, o[2], 8, -1, 0, "olen", (void **)&g.olen) ||
        getbuf(&bs, o[3], 8, n + 1, 0, "iptr", (void **)&g.iptr) ||
        getbuf(&bs, o[4], 4, -1, 0, "iidx", (void **)&g.iidx) ||
        getbuf(&bs, o[5], 8, -1, 0, "ilen", (void **)&g.ilen) ||
        getbuf(&bs, o[6], 4, -1, 0, "sources", (void **)&src) ||
        (k = bs.b[bs.nb - 1].len / 4, 0) ||
        getbuf(&bs, o[7], 8, n, 1, "bet", (void **)&acc.bet) ||
        getbuf(&bs, o[8], 8, n, 1, "sum_d", (void **)&acc.sum_d) ||
        getbuf(&bs, o[9], 8, n, 1, "count", (void **)&acc.count) ||
        getbuf(&bs, o[10], 8, n, 1, "inv", (void **)&acc.inv) ||
        getbuf(&bs, o[11], 8, ndist, 1, "tot", (void **)&acc.tot) ||
        getbuf(&bs, o[12], 8, ndist, 1, "reach", (void **)&acc.reach)) {
        release(&bs);
        return NULL;
    }
    int weighted = g.olen != NULL;
    if (weighted && g.ilen == NULL) {
        release(&bs);
        PyErr_SetString(PyExc_ValueError, "olen and ilen go together");
        return NULL;
    }
    if (ndist > k) ndist = k;
    for (Py_ssize_t j = 0; j < k; j++) {
        if (src[j] < 0 || src[j] >= n) {
            release(&bs);
            PyErr_SetString(PyExc_ValueError, "source out of range");
            return NULL;
        }
    }
    work_t w;
    memset(&w, 0, sizeof w);
    size_t nn = (size_t)(n > 0 ? n : 1);
    w.dist = (double *)malloc(nn * sizeof(double));
    w.sigma = (double *)calloc(nn, sizeof(double));
    w.delta = (double *)calloc(nn, sizeof(double));
    w.order = (vid *)malloc(nn * sizeof(vid));
    w.next = (vid *)malloc(nn * sizeof(vid));
    w.unv = (vid *)malloc(nn * sizeof(vid));
    w.done = (char *)calloc(nn, 1);
    int failed = !(w.dist && w.sigma && w.delta && w.order && w.next && w.unv && w.done);
    if (!failed) {
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n; i++) w.dist[i] = -1;
        for (Py_ssize_t j = 0; j < k && !failed; j++)
            failed = one_source(&g, &w, src[j], weighted, j < ndist, linear, &acc, j) < 0;
        Py_END_ALLOW_THREADS
    }
    free(w.dist); free(w.sigma); free(w.delta); free(w.order); free(w.next); free(w.unv);
    free(w.done); free(w.arcs);
    release(&bs);
    if (failed) return PyErr_NoMemory();
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------------------------------------
 * Exact betweenness in igraph's order of operations (unweighted), so that the sums are the
 * same to the last bit. igraph's queue BFS (neighbours in increasing order) fixes the order
 * in which vertices are reached; dependencies are coeff = (1 + delta[w]) / sigma[w] and
 * delta[v] += sigma[v] * coeff for each parent v, popping w in reverse BFS order (the order
 * among the parents of one w does not matter: each has its own sum). The search may still
 * expand a level bottom-up: the level is then sorted into the queue's order, by the BFS
 * position of each vertex's first parent, then by vertex. Each source's dependencies are
 * added to the sums in turn, sources in the order given.
 */
PyDoc_STRVAR(rows_doc,
"sweep_rows(n, optr, oidx, iptr, iidx, sources, bet, sum_d, count, hist, D) -> int\n"
"\n"
"Breadth-first sweeps from ``sources`` (int32) in igraph's order, each source's dependencies\n"
"added to ``bet`` in turn, as igraph adds them. Per reached actor t: distance\n"
"added to ``sum_d[t]``, 1 to ``count[t]`` and to ``hist[d * n + t]`` (int32) when d < D.\n"
"Returns the largest distance seen (hist is incomplete when it is >= D). Releases the GIL.");

static PyObject *py_sweep_rows(PyObject *self, PyObject *args) {
    Py_ssize_t n, D;
    PyObject *o[10];
    if (!PyArg_ParseTuple(args, "nOOOOOOOOOn", &n, &o[0], &o[1], &o[2], &o[3], &o[4], &o[5],
                          &o[6], &o[7], &o[8], &D))
        return NULL;
    bufs_t bs = {.nb = 0};
    const int64_t *optr = NULL, *iptr = NULL;
    const vid *oidx = NULL, *iidx = NULL, *src = NULL;
    double *bet = NULL, *sum_d = NULL, *count = NULL;
    int32_t *hist = NULL;
    Py_ssize_t k = 0;
    if (getbuf(&bs, o[0], 8, n + 1, 0, "optr", (void **)&optr) ||
        getbuf(&bs, o[1], 4, -1, 0, "oidx", (void **)&oidx) ||
        getbuf(&bs, o[2], 8, n + 1, 0, "iptr", (void **)&iptr) ||
        getbuf(&bs, o[3], 4, -1, 0, "iidx", (void **)&iidx) ||
        getbuf(&bs, o[4], 4, -1, 0, "sources", (void **)&src) ||
        (k = bs.b[bs.nb - 1].len / 4, 0) ||
        getbuf(&bs, o[5], 8, n, 1, "bet", (void **)&bet) ||
        getbuf(&bs, o[6], 8, n, 1, "sum_d", (void **)&sum_d) ||
        getbuf(&bs, o[7], 8, n, 1, "count", (void **)&count) ||
        getbuf(&bs, o[8], 4, n * D, 1, "hist", (void **)&hist)) {
        release(&bs);
        return NULL;
    }
    for (Py_ssize_t j = 0; j < k; j++) {
        if (src[j] < 0 || src[j] >= n) {
            release(&bs);
            PyErr_SetString(PyExc_ValueError, "source out of range");
            return NULL;
        }
    }
    size_t nn = (size_t)(n > 0 ? n : 1);
    int64_t *dist = (int64_t *)malloc(nn * sizeof(int64_t));
    int64_t *pos = (int64_t *)malloc(nn * sizeof(int64_t));
    int64_t *keys = (int64_t *)malloc(nn * sizeof(int64_t));
    double *sigma = (double *)calloc(nn, sizeof(double));
    double *delta = (double *)calloc(nn, sizeof(double));
    vid *order = (vid *)malloc(nn * sizeof(vid));
    vid *unv = (vid *)malloc(nn * sizeof(vid));
    vid *hits = (vid *)malloc(nn * sizeof(vid));
    int64_t *bucket = (int64_t *)malloc((nn + 1) * sizeof(int64_t));
    /* parents of the vertex at BFS position p: par[pstart[p] .. pend[p]) */
    int64_t *pstart = (int64_t *)malloc(nn * sizeof(int64_t));
    int64_t *pend = (int64_t *)malloc(nn * sizeof(int64_t));
    int64_t *hstart = (int64_t *)malloc(nn * sizeof(int64_t));
    size_t mm = (size_t)(iptr[n] > 0 ? iptr[n] : 1);
    vid *par = (vid *)malloc(mm * sizeof(vid));
    vid *tarc = (vid *)malloc(2 * mm * sizeof(vid)); /* a top-down level's arcs */
    int64_t maxd = 0;
    int failed = !(dist && pos && keys && sigma && delta && order && unv && hits && bucket &&
                   pstart && pend && hstart && par && tarc);
    if (!failed) {
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n; i++) dist[i] = -1;
        for (Py_ssize_t j = 0; j < k; j++) {
            vid s = src[j];
            Py_ssize_t tail = 1, fstart = 0, fend = 1, nunv = -1;
            int64_t level = 0, m_unv = iptr[n] - (iptr[s + 1] - iptr[s]), np = 0;
            dist[s] = 0; sigma[s] = 1; order[0] = s; pos[s] = 0;
            pstart[0] = pend[0] = 0;
            while (fstart < fend) {
                int64_t m_front = 0;
                for (Py_ssize_t i = fstart; i < fend; i++)
                    m_front += optr[order[i] + 1] - optr[order[i]];
                Py_ssize_t before = tail;
                if (m_front <= m_unv) {
                    int64_t na = 0;
                    for (Py_ssize_t i = fstart; i < fend; i++) {
                        vid v = order[i];
                        for (int64_t a = optr[v]; a < optr[v + 1]; a++) {
                            vid x = oidx[a];
                            if (dist[x] < 0) {
                                dist[x] = level + 1; pos[x] = tail; order[tail++] = x;
                            }
                            if (dist[x] == level + 1) {
                                sigma[x] += sigma[v];
                                tarc[2 * na] = v; tarc[2 * na + 1] = x; na++;
                            }
                        }
                    }
                    /* group the level's arcs by child (counting sort on its position) */
                    Py_ssize_t width = tail - before;
                    for (Py_ssize_t i = 0; i <= width; i++) bucket[i] = 0;
                    for (int64_t a = 0; a < na; a++) bucket[pos[tarc[2 * a + 1]] - before + 1]++;
                    for (Py_ssize_t i = 0; i < width; i++) bucket[i + 1] += bucket[i];
                    for (Py_ssize_t i = 0; i < width; i++) {
                        pstart[before + i] = np + bucket[i];
                        pend[before + i] = np + bucket[i + 1];
                    }
                    for (int64_t a = 0; a < na; a++) {
                        int64_t p = pos[tarc[2 * a + 1]] - before;
                        par[np + bucket[p]++] = tarc[2 * a];
                    }
                    np += na;
                    nunv = -1;
                } else {
                    if (nunv < 0) {
                        nunv = 0;
                        for (Py_ssize_t x = 0; x < n; x++)
                            if (dist[x] < 0) unv[nunv++] = (vid)x;
                    }
                    Py_ssize_t keep = 0, found = 0;
                    for (Py_ssize_t u = 0; u < nunv; u++) {
                        vid x = unv[u];
                        if (dist[x] >= 0) continue;
                        double sx = 0;
                        int64_t first = INT64_MAX, start = np;
                        for (int64_t a = iptr[x]; a < iptr[x + 1]; a++) {
                            vid v = iidx[a];
                            if (dist[v] == level) {
                                sx += sigma[v];
                                par[np++] = v;
                                if (pos[v] < first) first = pos[v];
                            }
                        }
                        if (sx > 0) {
                            sigma[x] = sx;
                            keys[found] = first - fstart; /* parent's place in the level */
                            hstart[found] = start;
                            hits[found++] = x;
                        } else {
                            unv[keep++] = x;
                        }
                    }
                    nunv = keep;
                    /* counting sort by the first parent's place; stable, so vertices with
                     * the same first parent stay in increasing order (unv is sorted) */
                    Py_ssize_t width = fend - fstart;
                    for (Py_ssize_t i = 0; i <= width; i++) bucket[i] = 0;
                    for (Py_ssize_t i = 0; i < found; i++) bucket[keys[i] + 1]++;
                    for (Py_ssize_t i = 0; i < width; i++) bucket[i + 1] += bucket[i];
                    for (Py_ssize_t i = 0; i < found; i++) {
                        vid x = hits[i];
                        Py_ssize_t at = tail + bucket[keys[i]]++;
                        dist[x] = level + 1; pos[x] = at; order[at] = x;
                        pstart[at] = hstart[i];
                        pend[at] = i + 1 < found ? hstart[i + 1] : np;
                    }
                    tail += found;
                }
                for (Py_ssize_t i = before; i < tail; i++) {
                    vid x = order[i];
                    m_unv -= iptr[x + 1] - iptr[x];
                }
                fstart = fend; fend = tail; level++;
            }
            /* popping in reverse BFS order, as igraph does */
            for (Py_ssize_t i = tail - 1; i >= 1; i--) {
                vid w = order[i];
                int64_t dw = dist[w];
                double coeff = (1 + delta[w]) / sigma[w];
                for (int64_t a = pstart[i]; a < pend[i]; a++) {
                    vid v = par[a];
                    delta[v] += sigma[v] * coeff;
                }
                bet[w] += delta[w]; /* igraph: res[w] += tmpscore[w], source after source */
                sum_d[w] += (double)dw;
                count[w] += 1.0;
                if (dw < D) hist[(size_t)dw * (size_t)n + (size_t)w] += 1;
                if (dw > maxd) maxd = dw;
            }
            for (Py_ssize_t i = 0; i < tail; i++) {
                vid x = order[i];
                dist[x] = -1; sigma[x] = 0; delta[x] = 0;
            }
        }
        Py_END_ALLOW_THREADS
    }
    free(pstart); free(pend); free(hstart); free(par); free(tarc);
    free(dist); free(pos); free(keys); free(sigma); free(delta); free(order); free(unv);
    free(hits); free(bucket);
    release(&bs);
    if (failed) return PyErr_NoMemory();
    return PyLong_FromLongLong((long long)maxd);
}

PyDoc_STRVAR(fold_doc,
"harmonic_fold(hist, n, D, out)\n"
"\n"
"``out[t]``: the sum of 1/d over the sources at distance d of actor t, added one by one in\n"
"increasing d, as igraph's harmonic centrality adds them (``hist``: int64, D x n counts).");

static PyObject *py_harmonic_fold(PyObject *self, PyObject *args) {
    Py_ssize_t n, D;
    PyObject *oh, *oo;
    if (!PyArg_ParseTuple(args, "OnnO", &oh, &n, &D, &oo)) return NULL;
    bufs_t bs = {.nb = 0};
    const int64_t *hist = NULL;
    double *out = NULL;
    if (getbuf(&bs, oh, 8, n * D, 0, "hist", (void **)&hist) ||
        getbuf(&bs, oo, 8, n, 1, "out", (void **)&out)) {
        release(&bs);
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t t = 0; t < n; t++) {
        double sum = 0;
        for (Py_ssize_t d = 1; d < D; d++) {
            double x = 1.0 / (double)d;
            int64_t c = hist[(size_t)d * (size_t)n + (size_t)t];
            for (int64_t i = 0; i < c; i++) sum += x;
        }
        out[t] = sum;
    }
    Py_END_ALLOW_THREADS
    release(&bs);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"sweep", py_sweep, METH_VARARGS, sweep_doc},
    {"sweep_rows", py_sweep_rows, METH_VARARGS, rows_doc},
    {"harmonic_fold", py_harmonic_fold, METH_VARARGS, fold_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_sweep",
    "Native Brandes sweep for jejaring.graph.sweep (optional; igraph is the fallback).", -1,
    methods,
};

PyMODINIT_FUNC PyInit__sweep(void) { return PyModule_Create(&module); }
