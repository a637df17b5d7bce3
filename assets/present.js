/*
 * The presenter view (/present): the left and right arrow keys press the view's previous and
 * next buttons, and a step moves the figure's day axis in place, changes the caption and
 * notes, and writes the view into the address bar, so the link opens the same view.
 * The buttons are found by their data-present-step attribute; ids are not typed here.
 */
(function () {
    "use strict";

    var HALF_DAY = 0.5;

    document.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey) { return; }
        var target = event.target;
        if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
        var which = event.key === "ArrowRight" ? "next" : event.key === "ArrowLeft" ? "prev" : null;
        var button = which && document.querySelector("[data-present-step='" + which + "']");
        if (!button) { return; }
        event.preventDefault();
        button.click();
    });

    function queryFor(state, days) {
        var params = new URLSearchParams();
        params.set("case", state.case);
        params.set("days", days[0] + ":" + days[1]);
        if (state.lanes && state.lanes.length) { params.set("lanes", state.lanes.join(",")); }
        return "?" + params.toString().replace(/%3A/g, ":").replace(/%2C/g, ",");
    }

    window.dash_clientside = window.dash_clientside || {};
    var BAR_PX = 150; // the caption bar under the figure

    window.dash_clientside.present = {
        /* The figure is laid out on the server for the room this screen gives it. */
        figureSize: function () {
            return [window.innerWidth, Math.max(window.innerHeight - BAR_PX, 300)];
        },

        step: function (prev, next, steps, state) {
            var noUpdate = window.dash_clientside.no_update;
            var triggered = window.dash_clientside.callback_context.triggered;
            if (!steps || !steps.length || !state || !triggered || !triggered.length) {
                return [noUpdate, noUpdate, noUpdate, noUpdate];
            }
            var forward = triggered[0].prop_id.indexOf("next") >= 0;
            var index = state.index + (forward ? 1 : -1);
            if (state.index < 0) { index = forward ? 0 : steps.length - 1; }
            index = (index + steps.length) % steps.length;
            var step = steps[index];
            var gd = document.querySelector(".present-graph .js-plotly-plot");
            if (gd && window.Plotly) {
                window.Plotly.relayout(gd, { "xaxis.range": [step.days[0] - HALF_DAY, step.days[1] + HALF_DAY] });
            }
            window.history.replaceState(window.history.state, "", window.location.pathname + queryFor(state, step.days));
            return [Object.assign({}, state, { index: index }), step.label, step.caption, step.notes.join("\n")];
        }
    };
}());
