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

    function queryFor(view) {
        var params = new URLSearchParams();
        params.set("case", view.case);
        params.set("days", view.days[0] + ":" + view.days[1]);
        if (!view.defaultLanes) { params.set("lanes", view.lanes.join(",")); }
        if (view.collapsed && view.collapsed.length) { params.set("collapse", view.collapsed.join(",")); }
        return "?" + params.toString().replace(/%3A/g, ":").replace(/%2C/g, ",");
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

        selectFromFigure: function (click) {
            if (!click || !click.points || !click.points.length) { return [noUpdate(), noUpdate()]; }
            var data = click.points[0].customdata;
            var id = Array.isArray(data) ? data[0] : data;
            if (id === undefined || id === null) { return [noUpdate(), noUpdate()]; }
            return [{ ids: [String(id)] }, { rowId: String(id) }];
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
