/*
 * Browser-side callbacks of the dashboard: everything that only moves the view.
 * A day-range change relayouts the figure in place (no server round trip, no rebuild) and
 * keeps the slider, the two day inputs, the URL and the view store in step.
 * Component ids come from Python (components/web/ids.py, CLIENT_IDS_DATA) through a store
 * passed to the callbacks that need them: none is typed here.
 */
(function () {
    "use strict";

    var HALF_DAY = 0.5; // the axis shows whole days: day A from A - 0.5 to day B at B + 0.5
    var URL_SETTLE_MS = 300;
    var PAINT_POLL_MS = 30;
    var PAINT_WAIT_MS = 10000; // past this the insight section is drawn anyway
    var ROW_WAIT_MS = 8000; // a selected row not drawn by then: the table is shown instead
    var SETTLE_MS = 5000, SETTLE_POLL_MS = 250; // a shown row is kept in view this long
    var USER_MOVES = ["wheel", "mousedown", "keydown", "touchstart"];
    var latestQuery = null;
    var noUpdate = function () { return window.dash_clientside.no_update; };

    function graphDiv(ids) {
        var holder = ids ? document.getElementById(ids.timeline) : null;
        return holder ? holder.querySelector(".js-plotly-plot") : null;
    }

    function triggeredId() {
        var triggered = window.dash_clientside.callback_context.triggered;
        if (!triggered || !triggered.length) { return null; }
        return triggered[0].prop_id.split(".")[0];
    }

    /* The day range a figure relayout shows, or null when the relayout is not about x. */
    function rangeFromRelayout(relayout, span) {
        if (!relayout) { return null; }
        if (Object.keys(relayout).some(function (k) { return /^xaxis\d*\.autorange$/.test(k); })) {
            return [span[0], span[1]];
        }
        var lo = null, hi = null;
        Object.keys(relayout).forEach(function (key) {
            var m = key.match(/^xaxis\d*\.range(\[(0|1)\])?$/);
            if (!m) { return; }
            if (m[2] === "0") { lo = relayout[key]; }
            else if (m[2] === "1") { hi = relayout[key]; }
            else { lo = relayout[key][0]; hi = relayout[key][1]; }
        });
        if (lo === null || hi === null) { return null; }
        return [Math.ceil(Number(lo) + HALF_DAY - 1e-9), Math.floor(Number(hi) - HALF_DAY + 1e-9)];
    }

    function clamp(range, span) {
        var a = Math.round(Number(range[0])), b = Math.round(Number(range[1]));
        if (!isFinite(a) || !isFinite(b)) { return null; }
        if (a > b) { var t = a; a = b; b = t; }
        a = Math.max(span[0], Math.min(a, span[1]));
        b = Math.max(span[0], Math.min(b, span[1]));
        return [a, b];
    }

    function setAxisRange(days, ids) {
        var gd = graphDiv(ids);
        if (!gd || !window.Plotly) { return; }
        window.Plotly.relayout(gd, { "xaxis.range": [days[0] - HALF_DAY, days[1] + HALF_DAY] });
    }

    /* The axis at exactly the days, when a zoom left it elsewhere (no relayout otherwise, so
     * the snap's own relayout ends here). */
    function snapAxis(days, ids) {
        var gd = graphDiv(ids);
        var range = gd && gd.layout && gd.layout.xaxis && gd.layout.xaxis.range;
        var want = [days[0] - HALF_DAY, days[1] + HALF_DAY];
        if (range && Math.abs(range[0] - want[0]) < 1e-6 && Math.abs(range[1] - want[1]) < 1e-6) { return; }
        setAxisRange(days, ids);
    }

    /* Once the table has scrolled to the selected row (the grid does that itself, from its
     * scrollTo property), bring the row to the middle of the window, and keep it there while
     * the page settles (the click's hover fills the day panel above the table a moment later). */
    function showSelectedRow(gridId, rowId) {
        var started = Date.now(), shownAt = null, cancelled = false;
        // Whatever the person does next (scrolls, clicks, types) is theirs: stop keeping the row.
        var stop = function () { cancelled = true; };
        USER_MOVES.forEach(function (name) { window.addEventListener(name, stop, { once: true, capture: true, passive: true }); });
        function inView(element) {
            var box = element.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }
        function look() {
            if (cancelled) { return; }
            var now = Date.now();
            var grid = document.getElementById(gridId);
            var row = grid && grid.querySelector(".ag-center-cols-container .ag-row-selected[row-id='" + CSS.escape(rowId) + "']");
            if (!row) {
                if (now - started < ROW_WAIT_MS) { window.setTimeout(look, PAINT_POLL_MS); }
                else if (grid) { grid.scrollIntoView({ behavior: "smooth", block: "center" }); }
                return;
            }
            if (shownAt === null || !inView(row)) { row.scrollIntoView({ behavior: "auto", block: "center" }); }
            if (shownAt === null) { shownAt = now; }
            if (now - shownAt < SETTLE_MS) { window.setTimeout(look, SETTLE_POLL_MS); }
        }
        window.setTimeout(look, PAINT_POLL_MS);
    }

    function queryFor(view) {
        var params = new URLSearchParams();
        params.set("case", view.case);
        params.set("days", view.days[0] + ":" + view.days[1]);
        if (!view.defaultLanes) { params.set("lanes", view.lanes.join(",")); }
        if (view.collapsed && view.collapsed.length) { params.set("collapse", view.collapsed.join(",")); }
        return "?" + params.toString().replace(/%3A/g, ":").replace(/%2C/g, ",");
    }

    /* ---- A range's numbers, sliced from the case's per-day series (components/clinical/
     * daily.py, which holds the clinical rules and the same slicing in Python, tested). ---- */

    function countIn(days, first, last) {
        return days.filter(function (d) { return d >= first && d <= last; }).length;
    }

    function rangeNumbers(series, days) {
        var first = days[0], last = days[1];
        var touching = series.icans.filter(function (r) { return r[0] <= last && r[1] >= first; });
        var peak = touching.length ? Math.max.apply(null, touching.map(function (r) { return r[2]; })) : null;
        var top = touching.filter(function (r) { return r[2] === peak; });
        var upTo = series.dose_days.filter(function (d) { return d[0] <= last; });
        var inRange = upTo.filter(function (d) { return d[0] >= first; });
        var sum = function (rows) { return rows.reduce(function (t, d) { return t + d[1]; }, 0); };
        return {
            peak: peak,
            peakDerivedOnly: top.length > 0 && top.every(function (r) { return r[3]; }),
            peakFirstDay: top.length ? Math.min.apply(null, top.map(function (r) { return r[0]; })) : null,
            highDays: countIn(series.high_days, first, last),
            highReportedDays: countIn(series.high_reported_days, first, last),
            icuDays: countIn(series.icu_days, first, last),
            steroidMg: sum(inRange),
            cumulativeMg: sum(upTo),
            documentedMinimum: upTo.some(function (d) { return d[2]; }),
            steroidDoses: inRange.length,
            intrathecal: countIn(series.intrathecal_days, first, last),
            // [first day, last day, text] of the rows the total rests on
            assumptions: series.assumptions.filter(function (a) { return a[0] <= last; }),
        };
    }

    /* As components/model/formatting.py number_text: '1,234.5', '12' */
    function numberText(value) {
        return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
    }

    /* The headline texts [value, note] by key, as components/clinical/phases.py
     * headline_numbers words them. The order is events_panel.HEADLINE_KEYS. */
    var HEADLINE_KEYS = ["peak_icans", "high_grade_days", "icu_days", "onset_to_it"];

    function headlineTexts(n, onsetToIt) {
        var peak = n.peak === null ? ["\u2013", "no ICANS grade in range"] : [
            (n.peakDerivedOnly ? "\u2265" : "") + n.peak,
            "first on day " + n.peakFirstDay + (n.peakDerivedOnly ? " (derived, a lower bound)" : "")
        ];
        return {
            peak_icans: peak,
            high_grade_days: [String(n.highDays),
                n.highReportedDays + " reported, " + (n.highDays - n.highReportedDays) + " derived"],
            icu_days: [String(n.icuDays), "days in ICU within the range"],
            onset_to_it: [onsetToIt["onset_to_it.value"], onsetToIt["onset_to_it.note"]]
        };
    }

    function inRange(row, days) {
        return row.day <= days[1] && row.end_day >= days[0];
    }

    function element(type, props, children) {
        return { type: type, namespace: "dash_html_components",
                 props: Object.assign({}, props, { children: children }) };
    }

    window.dash_clientside = window.dash_clientside || {};
    window.dash_clientside.timeline = {
        syncDayRange: function (slider, first, last, presetClicks, relayout, view, presets, ids) {
            var none = [noUpdate(), noUpdate(), noUpdate(), noUpdate()];
            if (!view || !ids) { return none; }
            var trigger = triggeredId(), asked = null;
            var typed = trigger === ids.dayFirst || trigger === ids.dayLast;
            if (trigger === ids.rangeSlider) { asked = slider; }
            else if (typed) {
                if (first === null || first === undefined || last === null || last === undefined) { return none; }
                asked = [first, last];
            } else if (trigger === ids.timeline) { asked = rangeFromRelayout(relayout, view.span); }
            else if (trigger && trigger.charAt(0) === "{" && JSON.parse(trigger).type === ids.preset) {
                var index = JSON.parse(trigger).index;
                if (!presetClicks[index]) { return none; }
                asked = presets[index];
            }
            var days = asked && clamp(asked, view.span);
            if (!days) { return none; }
            // A drag-zoom or a double-click leaves the axis between days: snap it to whole days.
            if (trigger === ids.timeline) { snapAxis(days, ids); }
            if (days[0] === view.days[0] && days[1] === view.days[1]) {
                // Typed inputs may need tidying (reversed or out of range) even when the
                // range itself did not change.
                return typed ? [noUpdate(), days[0], days[1], noUpdate()] : none;
            }
            if (trigger !== ids.timeline) { setAxisRange(days, ids); }
            var next = Object.assign({}, view, { days: days });
            return [days, days[0], days[1], next];
        },

        /* The address bar follows the view, so a copied link reproduces it. The entry is
         * replaced in place: going through dcc.Location would ask the server to open the view
         * again, and a quick second change could be overtaken by the first. */
        writeUrl: function (view) {
            if (!view) { return noUpdate(); }
            var query = queryFor(view);
            var apply = function () {
                if (latestQuery === query && window.location.search !== query) {
                    window.history.replaceState(window.history.state, "", window.location.pathname + query);
                }
            };
            latestQuery = query;
            apply();
            // On page load dcc.Location writes the address it was opened with once more, just
            // after this; write the view again once that has happened.
            window.setTimeout(apply, URL_SETTLE_MS);
            return query;
        },

        /* The presenter view of what is on screen (it ignores collapsed lanes, and keeps them
         * for its way back). */
        presentLink: function (query) {
            return "/present" + (query || "");
        },

        navigate: function (caseId, lanes, collapsed, view) {
            if (!view || !caseId || !lanes) { return noUpdate(); }
            if (caseId !== view.case) { return "?case=" + encodeURIComponent(caseId); }
            collapsed = (collapsed || []).filter(function (k) { return lanes.indexOf(k) >= 0; });
            var lanesChanged = lanes.length && lanes.join(",") !== view.lanes.join(",");
            var collapseChanged = collapsed.join(",") !== (view.collapsed || []).join(",");
            if (!lanesChanged && !collapseChanged) { return noUpdate(); }
            return queryFor(Object.assign({}, view, {
                lanes: lanesChanged ? lanes : view.lanes,
                defaultLanes: lanesChanged ? false : view.defaultLanes,
                collapsed: collapsed
            }));
        },

        /* The view, passed on once the timeline has painted it (or after PAINT_WAIT_MS): what
         * follows it below the fold never delays the first paint. The second output asks the
         * server for the course-wide insight, only when the case is not the one drawn. */
        afterPaint: function (view, drawnCase, ids) {
            if (!view || !ids) { return [noUpdate(), noUpdate()]; }
            var deadline = Date.now() + PAINT_WAIT_MS;
            return new Promise(function (resolve) {
                (function check() {
                    var gd = graphDiv(ids);
                    if ((gd && gd.querySelector(".main-svg")) || Date.now() > deadline) {
                        window.setTimeout(function () {
                            resolve([view, view.case === drawnCase ? noUpdate() : view]);
                        }, 0);
                    } else {
                        window.setTimeout(check, PAINT_POLL_MS);
                    }
                }());
            });
        },

        /* The table's rows and the headline numbers of the visible days, from the case's data:
         * no server request on a range change. Outputs: rows, then label, value and note of
         * each headline in HEADLINE_KEYS order (labels never change). */
        showRange: function (view, data) {
            var count = 1 + 3 * HEADLINE_KEYS.length;
            if (!view || !data || data.case !== view.case) {
                return Array.apply(null, Array(count)).map(noUpdate);
            }
            var texts = headlineTexts(rangeNumbers(data.series, view.days), data.onset_to_it);
            var out = [data.rows.filter(function (row) { return inRange(row, view.days); })];
            HEADLINE_KEYS.forEach(function (key) {
                out.push(noUpdate(), texts[key][0], texts[key][1]);
            });
            return out;
        },

        /* The corticosteroid numbers and the grade check of the visible days, worded as
         * components/web/panels/insight_panel.py steroid_summary and grade_check_table do. */
        showRangeInsight: function (view, data) {
            if (!view || !data || data.case !== view.case) { return [noUpdate(), noUpdate(), noUpdate()]; }
            var days = view.days, n = rangeNumbers(data.series, days);
            var summary, assumptions = [];
            if (!n.steroidDoses && !n.intrathecal) {
                summary = ["No corticosteroid recorded in these days."];
            } else {
                var atLeast = n.documentedMinimum ? "\u2265" : "";
                summary = [
                    element("Span", { className: "fw-semibold" }, atLeast + numberText(n.steroidMg) + " " + data.steroid_unit),
                    " in days " + days[0] + " to " + days[1] + "; ",
                    element("Span", { className: "fw-semibold" }, atLeast + numberText(n.cumulativeMg)),
                    " since the first recorded dose, up to day " + days[1] + "."
                ];
                if (n.documentedMinimum) { summary.push(" A documented minimum: some doses rest on the assumptions below."); }
                if (n.intrathecal) { summary.push(" Intrathecal hydrocortisone is marked on the day axis, not added."); }
                if (n.assumptions.length) {
                    // As insight_panel.assumption_list: those touching the days, and a count of
                    // the earlier ones the cumulative total also rests on.
                    var visible = n.assumptions.filter(function (a) { return a[1] >= days[0]; });
                    var earlier = n.assumptions.length - visible.length;
                    var items = visible.map(function (a) { return element("Li", {}, a[2]); });
                    if (earlier) {
                        items.push(element("Li", { className: "text-muted" }, "and " + earlier +
                            " about doses before day " + days[0] + ", which count toward the cumulative total only"));
                    }
                    assumptions = [element("Details", { open: true }, [
                        element("Summary", { className: "small" }, "Assumptions (" + visible.length + " in these days)"),
                        element("Ul", { className: "small assumptions" }, items)
                    ])];
                }
            }
            var checks = data.checks.rows.filter(function (row) { return inRange(row, days); });
            var grid = checks.length ? element("Table", { className: "table table-sm table-hover insight-table small mb-0" }, [
                element("Thead", {}, element("Tr", {}, data.checks.columns.map(function (c) { return element("Th", {}, c[1]); }))),
                element("Tbody", {}, checks.map(function (row) {
                    return element("Tr", { className: data.checks.styles[row.verdict] || null },
                        data.checks.columns.map(function (c) { return element("Td", {}, String(row[c[0]])); }));
                }))
            ]) : element("P", { className: "text-muted" }, "No grade or grading finding in these days.");
            return [summary, assumptions, grid];
        },

        /* The exposure figure is of the whole course: a range change only moves its x axis. */
        followDays: function (view, figure) {
            if (!view || !figure || !figure.layout) { return noUpdate(); }
            var range = [view.days[0] - HALF_DAY, view.days[1] + HALF_DAY];
            var xaxis = Object.assign({}, figure.layout.xaxis, { range: range, autorange: false });
            return Object.assign({}, figure, { layout: Object.assign({}, figure.layout, { xaxis: xaxis }) });
        },

        /* A key interval's "Show days A–B": move the range as the slider would. */
        showDays: function (clicks, ids) {
            var triggered = window.dash_clientside.callback_context.triggered;
            if (!triggered || !triggered.length || !triggered[0].value) { return noUpdate(); }
            var days = JSON.parse(triggered[0].prop_id.split(".")[0]).index.split(":").map(Number);
            var holder = ids ? document.getElementById(ids.timeline) : null;
            if (holder) { holder.scrollIntoView({ behavior: "smooth", block: "start" }); }
            return days;
        },

        /* A click on a mark selects its row, scrolls the table to it and brings the row into
         * view on the page (the table is under the timeline): "click it to find it in the
         * table". The table's header has the way back up. */
        selectFromFigure: function (click, ids) {
            if (!click || !click.points || !click.points.length) { return [noUpdate(), noUpdate()]; }
            var data = click.points[0].customdata;
            var id = Array.isArray(data) ? data[0] : data;
            if (id === undefined || id === null) { return [noUpdate(), noUpdate()]; }
            if (ids) { showSelectedRow(ids.eventGrid, String(id)); }
            return [{ ids: [String(id)] }, { rowId: String(id), rowPosition: "middle" }];
        },

        markSelected: function (rows, ids) {
            var gd = graphDiv(ids);
            if (!gd || !gd.layout) { return noUpdate(); }
            var shapes = (gd.layout.shapes || []).filter(function (s) { return s.name !== "selected-event"; });
            var selected = rows && rows.length ? rows[0] : null;
            if (selected) {
                shapes.push({
                    name: "selected-event", type: "rect", xref: "x", yref: "paper",
                    x0: selected.day - HALF_DAY, x1: selected.end_day + HALF_DAY, y0: 0, y1: 1,
                    line: { color: "#000000", width: 2, dash: "dot" },
                    fillcolor: "rgba(0,0,0,0)", layer: "above"
                });
            }
            window.Plotly.relayout(gd, { shapes: shapes });
            return selected ? selected.event_id : null;
        }
    };
}());
