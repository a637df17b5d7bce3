/*
 * The cohort page's view changes in the browser: align, rank and the summary toggle redraw the
 * swimmer plot, re-order the table and rewrite the caption, the notes and the URL from data the
 * server sent once (components/figures/cohort/browser_views.py), with no server round trip.
 *
 * Python holds the rules: which cases an alignment keeps and their offsets, the summary counts,
 * every trace's look, the layout, the notes and the caption are computed there. Here a rank
 * sorts the cases as components/cases/cohort_select.py rank_cases does, the first `max_rows`
 * are drawn (figures/cohort/swimmers.py drawn), and each case's points move to its row and aligned days.
 * Every text it draws (labels, hover, names) is Python's, already plain text: nothing here turns
 * a title into markup. tests/browser/test_cohort_browser.py checks the result against the Python
 * functions, and tests/js/cohort.test.js (node --test) the figures for titles that are markup.
 */
(function () {
    "use strict";

    var noUpdate = function () { return window.dash_clientside.no_update; };

    /* As rank_cases: by the rank's column (its direction), then by case id; a missing value goes
     * last either way. Strings compare by UTF-16 unit, as Python's by code point for every
     * character outside the astral planes. */
    function ranked(indices, rank, cases) {
        var spec = cases.rank_columns[rank];
        var column = spec ? spec[0] : rank.replace(/^-/, "");
        var ascending = spec ? spec[1] : rank.charAt(0) !== "-";
        var values = cases.values[column], names = cases.values["case"];
        var compare = function (x, y) { return x < y ? -1 : (x > y ? 1 : 0); };
        return indices.slice().sort(function (a, b) {
            var x = values[a], y = values[b];
            var xMissing = x === null || x === undefined, yMissing = y === null || y === undefined;
            if (xMissing !== yMissing) { return xMissing ? 1 : -1; }
            var order = xMissing ? 0 : compare(x, y);
            if (order !== 0) { return ascending ? order : -order; }
            return compare(names[a], names[b]);
        });
    }

    /* A swimmer trace with each drawn case's points on its row and aligned days; null when no
     * drawn case has a point in it. The template has every case on row 0 and day 0 at the
     * infusion; a null case id is a line's break and goes with the point before it. */
    function placed(trace, rowOf, offsets, indexOf) {
        var ids = trace.customdata, shiftBase = Array.isArray(trace.base);
        var kept = [], previous = false;
        for (var i = 0; i < ids.length; i++) {
            if (ids[i] === null) {
                if (previous) { kept.push(i); }
                continue;
            }
            previous = rowOf[indexOf[ids[i]]] !== undefined;
            if (previous) { kept.push(i); }
        }
        if (!kept.length) { return null; }
        var out = Object.assign({}, trace);
        var caseAt = function (i) { return indexOf[ids[i]]; };
        out.customdata = kept.map(function (i) { return ids[i]; });
        out.y = kept.map(function (i) { return ids[i] === null ? null : trace.y[i] + rowOf[caseAt(i)]; });
        if (shiftBase) {
            out.base = kept.map(function (i) { return trace.base[i] - offsets[caseAt(i)]; });
            out.x = kept.map(function (i) { return trace.x[i]; });
        } else {
            out.x = kept.map(function (i) {
                return ids[i] === null || trace.x[i] === null ? null : trace.x[i] - offsets[caseAt(i)];
            });
        }
        return out;
    }

    /* As CohortView.query: defaults left out, the filter as the server wrote it. */
    function queryFor(align, rank, summary, views, defaults) {
        var parts = [];
        if (align !== defaults.align) { parts.push("align=" + encodeURIComponent(align)); }
        if (rank !== defaults.rank) { parts.push("rank=" + encodeURIComponent(rank)); }
        if (views.filter) { parts.push(views.filter); }
        if (summary !== defaults.summary) { parts.push("summary=" + encodeURIComponent(summary)); }
        return parts.length ? "?" + parts.join("&") : "";
    }

    function note(text) {
        return { type: "Div", namespace: "dash_html_components",
                 props: { className: "alert alert-secondary py-1 mb-1", children: text } };
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.cohort = {
        /* [figure, table rows, reset the table's sort, caption, notes, URL search, shown]. */
        showView: function (align, rank, summary, views, cases, shown) {
            var none = [0, 1, 2, 3, 4, 5, 6].map(noUpdate);
            if (!views || !cases || views.token !== cases.token) { return none; }
            var aligned = views.aligns[align];
            if (!aligned || !cases.rank_labels[rank] || !aligned.layouts[summary]) { return none; }
            var query = queryFor(align, rank, summary, views, cases.defaults);
            if (cases.token + query === shown) { return none; }

            var offsets = aligned.offsets, indexOf = {};
            cases.values["case"].forEach(function (id, i) { indexOf[id] = i; });
            var order = ranked(
                offsets.map(function (o, i) { return o === null ? -1 : i; })
                    .filter(function (i) { return i >= 0; }),
                rank, cases);
            var drawn = order.slice(0, cases.max_rows), rowOf = {};
            drawn.forEach(function (i, row) { rowOf[i] = row; });

            var swimmers = cases.swimmers
                .map(function (t) { return placed(t, rowOf, offsets, indexOf); })
                .filter(function (t) { return t !== null; });
            var layout = JSON.parse(JSON.stringify(aligned.layouts[summary]));
            /* Labels arrive as plain text (figures/cohort/swimmers.py row_label escaped them): plotly reads
             * markup in a tick label, so no text is built here from a case's title. */
            if (layout.yaxis2.tickvals.length) {
                layout.yaxis2.ticktext = drawn.map(function (i) { return cases.labels[i]; });
            }
            var figure = { data: aligned.summaries[summary].concat(swimmers), layout: layout };
            var caption = aligned.caption[0] + cases.rank_labels[rank] + aligned.caption[1];
            return [
                figure,
                order.map(function (i) { return cases.rows[i]; }),
                true,
                caption,
                aligned.notes.map(note),
                query || "?",
                cases.token + query
            ];
        }
    };
})();
