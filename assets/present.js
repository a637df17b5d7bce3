/*
 * The presenter view (/present): the left and right arrow keys press the view's previous and
 * next buttons; a step is a new address (the server draws the step for its days), so the link
 * opens the same view and the browser's back button steps back.
 * The buttons are found by their data-present-step attribute; ids are not typed here.
 */
(function () {
    "use strict";

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

    function queryFor(state, days, part) {
        var params = new URLSearchParams();
        params.set("case", state.case);
        params.set("days", days[0] + ":" + days[1]);
        if (state.lanes && state.lanes.length) { params.set("lanes", state.lanes.join(",")); }
        if (part !== 1) { params.set("part", String(part)); }
        return "?" + params.toString().replace(/%3A/g, ":").replace(/%2C/g, ",");
    }

    window.dash_clientside = window.dash_clientside || {};
    var BAR_PX = 150; // the caption bar under the figure

    window.dash_clientside.present = {
        /* The figure is laid out on the server for the room this screen gives it; and the
         * notes the case page keeps in this browser (a dcc.Store in local storage, under its
         * id) are the presenter's. Unreadable notes are none: the server checks them anyway. */
        screen: function (pathname, notesKey) {
            var notes = null;
            try { notes = JSON.parse(window.localStorage.getItem(notesKey)); } catch (e) { notes = null; }
            return [[window.innerWidth, Math.max(window.innerHeight - BAR_PX, 300)], notes];
        },

        /* The next or previous part of this step, else the next or previous step (round the
         * ends), as a new address: the server draws it, and the browser's back button steps
         * back. Back from a step's first part lands on the last part of the step before. */
        step: function (prev, next, steps, state) {
            var noUpdate = window.dash_clientside.no_update;
            var triggered = window.dash_clientside.callback_context.triggered;
            if (!steps || !steps.length || !state || !triggered || !triggered.length) { return noUpdate; }
            var forward = triggered[0].prop_id.indexOf("next") >= 0;
            if (forward && state.part < state.parts) { return queryFor(state, state.days, state.part + 1); }
            if (!forward && state.part > 1) { return queryFor(state, state.days, state.part - 1); }
            var index = state.index + (forward ? 1 : -1);
            if (state.index < 0) { index = forward ? 0 : steps.length - 1; }
            index = (index + steps.length) % steps.length;
            return queryFor(state, steps[index].days, forward ? 1 : "last");
        },

        /* The address bar names the part shown ("part=last" becomes its number). */
        writeUrl: function (state) {
            if (!state || !state.case) { return window.dash_clientside.no_update; }
            var query = queryFor(state, state.days, state.part);
            if (window.location.search !== query) {
                window.history.replaceState(window.history.state, "", window.location.pathname + query);
            }
            return query;
        }
    };
}());
